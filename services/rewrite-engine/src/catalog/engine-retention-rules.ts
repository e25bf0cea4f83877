import type { RetentionRule } from '@shadowtune/shared/catalog/prune-expired-rows';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';

const DAY_MS = 86_400_000;

/** The rewrite-engine's per-minute production latency, read back over the watch's before and after windows. */
export function engineRetentionRules(config: ShadowtuneConfig): RetentionRule[] {
  const keepMs = Math.max(config.catalogRetention.sampleDays * DAY_MS, 2 * config.services.rewriteEngine.watch.windowMs);
  return [{ table: 'latency_samples', column: 'bucket_start', keepMs }];
}
