import { createContext, useContext } from "react";
import type { Claim } from "../../api/types";

export interface ClaimCtx {
  claim: Claim;
  editable: boolean;
  /** A 412: someone else changed the claim since it was read. */
  reportConflict: () => void;
  /** Bumped on Reload after a conflict: editors take the new version as their base, keeping typed text. */
  rebaseSignal: number;
  setUploading: (kind: string, busy: boolean) => void;
}

export const ClaimContext = createContext<ClaimCtx | null>(null);

export function useClaimCtx(): ClaimCtx {
  const ctx = useContext(ClaimContext);
  if (!ctx) throw new Error("useClaimCtx outside ClaimPage");
  return ctx;
}
