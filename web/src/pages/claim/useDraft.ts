import { useEffect, useRef, useState } from "react";

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
  // What was typed, or null while untouched (until saved): an untouched draft is the server's part as it is.
  const [edited, setEdited] = useState<{ value: T } | null>(null);
  const dirty = edited !== null;
  const base = useRef({ value: server, version });
  const serverKey = JSON.stringify(server);

  useEffect(() => {
    if (!dirty) base.current = { value: server, version };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new `server` object each render: its JSON is compared
  }, [serverKey, version, dirty]);

  useEffect(() => {
    if (rebaseSignal > 0) base.current = { value: server, version };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a reload rebases the draft, on the part as it is then
  }, [rebaseSignal]);

  const setDraft = (next: T | ((prev: T) => T)) =>
    setEdited((prev) => {
      const current = prev ? prev.value : server;
      return { value: typeof next === "function" ? (next as (prev: T) => T)(current) : next };
    });

  return {
    draft: edited ? edited.value : server,
    setDraft,
    dirty,
    /** The server changed this part since the draft began. The base is read during render: a reload moves it
     * without a new render, so after one the warning (which shows what is saved now) stays until the next. */
    // eslint-disable-next-line react-hooks/refs -- as it was before linting; making it state hides that warning
    changedOnServer: dirty && !same(server, base.current.value),
    ifMatch: () => (same(server, base.current.value) ? version : base.current.version),
    /** The part as the draft found it, to compare a fresher claim with. */
    isBase: (value: T) => same(value, base.current.value),
    saved: () => setEdited(null),
  };
}
