import { useCallback, useRef, useState } from "react";

/**
 * A dialog whose code loads on first use. It stays mounted afterwards and only its `open` changes:
 * Fluent's Dialog must see `open` turn false (to restore what its modal hid from assistive technology);
 * unmounting it while open leaves the page aria-hidden. Focus goes back to what opened the dialog, or,
 * when that is gone (the row changed, the button's action is done), to the page's heading.
 */
export function useDialog<T = true>() {
  const [state, setState] = useState<{ open: boolean; data: T | null; mounted: boolean }>({
    open: false,
    data: null,
    mounted: false,
  });
  const opener = useRef<HTMLElement | null>(null);
  const show = useCallback((data: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setState({ open: true, data, mounted: true });
  }, []);
  const hide = useCallback(() => {
    setState((s) => ({ ...s, open: false }));
    setTimeout(() => {
      const target = opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>("main h1");
      target?.focus();
    }, 50);
  }, []);
  return { ...state, show, hide };
}
