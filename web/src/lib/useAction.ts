import { useCallback, useEffect, useRef, useState } from 'react';

/** Where runAction reports: the key in flight (null when done), the error, and whether anyone still listens. */
export interface ActionSink<K> {
  setInFlight(inFlight: { key: K | null } | null): void;
  setError(error: unknown): void;
  isMounted(): boolean;
}

/**
 * The busy/error bookkeeping of one button press, apart from React so it can be tested alone: clear the
 * last error, mark busy, run the task (the request and whatever follows its success: toast, close,
 * reload), keep its error, clear busy. Resolves true when the task finished without throwing; never
 * rejects. Nothing is reported once the component is gone (a drawer closed while the request ran).
 */
export async function runAction<K>(task: () => Promise<unknown>, key: K | null, sink: ActionSink<K>): Promise<boolean> {
  if (sink.isMounted()) {
    sink.setError(null);
    sink.setInFlight({ key });
  }
  try {
    await task();
    return true;
  } catch (err) {
    if (sink.isMounted()) sink.setError(err);
    return false;
  } finally {
    if (sink.isMounted()) sink.setInFlight(null);
  }
}

/** What useAction returns. */
export interface Action<K> {
  /** Run one action; `key` names the row whose button is busy (per-row buttons). */
  run: (task: () => Promise<unknown>, key?: K) => Promise<boolean>;
  /** An action is in flight. */
  busy: boolean;
  /** The key of the action in flight, or null (also when it was started without a key). */
  busyKey: K | null;
  /** The last action's error (null after a success or when a new action starts). */
  error: unknown;
  /** Set or clear the error by hand (a dialog reopened, a load that failed beside the action). */
  setError: (error: unknown) => void;
}

/**
 * The busy flag and the error of a form's or a row's action, kept in one place:
 * `const save = useAction(); … save.run(async () => { await api(…); message.success(…); reload(); })`,
 * then `loading={save.busy}` and `<ErrorNote error={save.error} />`. Per-row buttons pass a key:
 * `decide.run(task, row.id)` and `loading={decide.busyKey === row.id}`.
 */
export function useAction<K = string>(): Action<K> {
  const [inFlight, setInFlight] = useState<{ key: K | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => {
    // Set again here: React's strict mode mounts, unmounts and mounts again.
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    (task: () => Promise<unknown>, key?: K) => runAction(task, key ?? null, { setInFlight, setError, isMounted: () => mounted.current }),
    [],
  );
  return { run, busy: inFlight !== null, busyKey: inFlight?.key ?? null, error, setError };
}
