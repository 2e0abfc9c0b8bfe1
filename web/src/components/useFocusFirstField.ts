import { useEffect, type RefObject } from "react";

/**
 * For a dialog's form that replaces what the dialog showed while its data loaded: the focus, lost with the
 * element that held it, goes to the form's first field, so the keyboard stays in the dialog (Tab, Escape).
 */
export function useFocusFirstField(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const container = ref.current;
    if (!container || container.contains(document.activeElement)) return;
    container.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea')?.focus();
  }, [ref]);
}
