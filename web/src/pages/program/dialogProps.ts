import type { ReferenceKind, Rows } from "./kinds";

/** What each kind's Add dialog is given: `seed`, a row to start from (an engagement's copy), and where to say
 * what was done. */
export interface AddDialogProps<K extends ReferenceKind> {
  open: boolean;
  seed: Rows[K] | null;
  onClose: () => void;
  onDone: (notice: string) => void;
}
