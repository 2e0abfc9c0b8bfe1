import { useCallback, useEffect, useRef, useState } from 'react';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A draft of one part of the claim (comments, contacts) and the version it was based on. While untouched it
 * follows the server; once typed in, it is never overwritten (not by polling, not by a failed save, not by a
 * reload). `ifMatch` is the version to send: the latest one when this part has not changed on the server
 * since the draft began (other changes — a file checked, a survey answered — do not collide with it), else
 * the draft's base version, which the API refuses with 412.
 */
export function useDraft<T>(server: T, version: number, rebaseSignal: number) {
  const [draft, setDraftState] = useState<T>(server);
  const [dirty, setDirty] = useState(false);
  const base = useRef({ value: server, version });
  const serverKey = JSON.stringify(server);

  useEffect(() => {
    if (!dirty) {
      setDraftState(server);
      base.current = { value: server, version };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverKey, version, dirty]);

  useEffect(() => {
    if (rebaseSignal > 0) base.current = { value: server, version };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rebaseSignal]);

  const setDraft = useCallback((next: T | ((prev: T) => T)) => {
    setDraftState(next);
    setDirty(true);
  }, []);

  return {
    draft,
    setDraft,
    dirty,
    /** The server changed this part since the draft began. */
    changedOnServer: dirty && !same(server, base.current.value),
    ifMatch: () => (same(server, base.current.value) ? version : base.current.version),
    /** The part as the draft found it, to compare a fresher claim with. */
    isBase: (value: T) => same(value, base.current.value),
    saved: () => setDirty(false),
  };
}
