import { startTransition, useEffect, useState, type ReactNode } from "react";

/**
 * Renders its children right after the first paint, in a transition: React then renders them in small slices
 * that leave the main thread free (what shows first is what the user came for; the rest follows at once).
 */
export function Deferred({ children }: { children: ReactNode }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    startTransition(() => setShow(true));
  }, []);
  return show ? <>{children}</> : null;
}
