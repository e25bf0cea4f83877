/**
 * Resolves with the first payload for which `predicate` holds, from a kafkajs-style
 * `on(event, listener) => remove` instrumentation API; rejects after `timeoutMs`.
 */
export function waitForEvent<P>(
  on: (listener: (event: { payload: P }) => void) => () => void,
  predicate: (payload: P) => boolean,
  timeoutMs: number,
  what: string,
): Promise<P> {
  return new Promise<P>((resolve, reject) => {
    const timer = setTimeout(() => {
      remove();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const remove = on(({ payload }) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      remove();
      resolve(payload);
    });
  });
}
