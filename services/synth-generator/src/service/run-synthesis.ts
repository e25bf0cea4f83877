import type pg from 'pg';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { loadDataset, type LoadReport } from '../load/load-dataset.js';
import type { LoadProgress } from '../load/load-progress.js';
import type { DatasetFocus } from '../plan/dataset-focus.js';
import type { GenerationPlan } from '../plan/generation-plan.js';
import { planDataset } from '../plan/plan-dataset.js';
import type { SynthesisSettings } from './synthesis-settings.js';

/** Plans a dataset for a schema (and a focus, if any) and loads it into the shadow. */
export async function runSynthesis(args: {
  readonly model: SchemaModel;
  readonly shadow: pg.Pool;
  readonly focus: DatasetFocus | null;
  readonly settings: SynthesisSettings;
  readonly onProgress?: (event: LoadProgress) => void;
}): Promise<{ plan: GenerationPlan; report: LoadReport }> {
  await loadSqlParser();
  const { settings } = args;
  const plan = planDataset({
    model: args.model,
    seed: settings.seed,
    skewFactor: settings.skewFactor,
    volume: settings.volume,
    focus: args.focus,
    correlation: settings.correlation,
    timeSpan: settings.timeSpan,
  });
  const report = await loadDataset({
    pool: args.shadow,
    plan,
    connections: settings.connections,
    splitThresholdRows: settings.splitThresholdRows,
    redrawRounds: settings.redrawRounds,
    ...(args.onProgress !== undefined ? { onProgress: args.onProgress } : {}),
  });
  return { plan, report };
}
