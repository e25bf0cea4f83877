import { ShadowtuneError, toShadowtuneError } from '../errors/shadowtune-error.js';
import { computeBackoff } from '../retry/compute-backoff.js';
import type { RetryPolicy } from './bus.js';

export type HandlerOutcome = { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly error: ShadowtuneError };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a handler until it succeeds, its error is not retriable, or attempts run out.
 * Retrying is decided by the error's `retriable` flag only (unclassified errors count as
 * HANDLER_FAILED, which is retriable). Backoff doubles up to maxBackoffMs, spread ±25%.
 * When `signal` aborts (shutdown) during a backoff, the last failure is returned at once
 * so the event is neither committed nor dead-lettered.
 */
export async function runHandlerWithRetries(
  handler: () => Promise<void>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<HandlerOutcome & { readonly interrupted?: boolean }> {
  let attempts = 0;
  const backoff = { initialMs: policy.initialBackoffMs, maxMs: policy.maxBackoffMs, jitter: 0.5 };
  for (;;) {
    attempts += 1;
    try {
      await handler();
      return { ok: true, attempts };
    } catch (thrown) {
      const error = toShadowtuneError(thrown, 'HANDLER_FAILED');
      if (!error.retriable || attempts >= policy.maxAttempts) return { ok: false, attempts, error };
      await sleep(computeBackoff(attempts, backoff), signal);
      if (signal.aborted) return { ok: false, attempts, error, interrupted: true };
    }
  }
}
