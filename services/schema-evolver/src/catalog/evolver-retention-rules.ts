import type { RetentionRule } from '@shadowtune/shared/catalog/prune-expired-rows';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';

const DAY_MS = 86_400_000;

/** The schema-evolver's tables that grow with every event, and how long their rows are needed. */
export function evolverRetentionRules(config: ShadowtuneConfig): RetentionRule[] {
  const retention = config.catalogRetention;
  const evolver = config.services.schemaEvolver;
  // Samples are read back over the analysis window (volume trends) and the watch window (latency).
  const samplesMs = Math.max(retention.sampleDays * DAY_MS, evolver.analysis.windowMs, evolver.watch.windowMs);
  return [
    { table: 'evolver_seen_events', column: 'seen_at', keepMs: retention.eventIdDays * DAY_MS },
    { table: 'evolver_latency_samples', column: 'observed_at', keepMs: samplesMs },
    { table: 'evolver_volume_samples', column: 'sampled_at', keepMs: samplesMs },
  ];
}
