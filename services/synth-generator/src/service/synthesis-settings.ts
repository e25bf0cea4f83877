import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { TimeSpan } from '../generate/time-span.js';
import type { VolumeSettings } from '../plan/plan-volume.js';

/** Everything that shapes a dataset besides the schema and the finding. */
export interface SynthesisSettings {
  readonly seed: number;
  readonly skewFactor: number;
  readonly volume: VolumeSettings;
  readonly correlation: number;
  readonly timeSpan: TimeSpan;
  readonly connections: 1 | 2;
  readonly splitThresholdRows: number;
  readonly redrawRounds: number;
}

/** Reads the settings from the configuration (concept parameters at the top, service keys below). */
export function synthesisSettingsOf(config: ShadowtuneConfig): SynthesisSettings {
  const own = config.services.synthGenerator;
  return {
    seed: own.seed,
    skewFactor: config.dataSkewFactor,
    volume: config.syntheticDataVolume,
    correlation: own.correlation,
    timeSpan: { endMs: Date.parse(own.timeSpanEnd), spanMs: own.timeSpanDays * 86_400_000, growth: own.timeGrowth },
    connections: own.connections === 1 ? 1 : 2,
    splitThresholdRows: own.splitThresholdRows,
    redrawRounds: own.redrawRounds,
  };
}
