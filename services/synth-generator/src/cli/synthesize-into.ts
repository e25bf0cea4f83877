import pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { LoadReport } from '../load/load-dataset.js';
import type { LoadProgress } from '../load/load-progress.js';
import type { DatasetFocus } from '../plan/dataset-focus.js';
import type { GenerationPlan } from '../plan/generation-plan.js';
import { syncShadowSchema, type ShadowSyncResult } from '../schema/sync-shadow-schema.js';
import { runSynthesis } from '../service/run-synthesis.js';
import type { SynthesisSettings } from '../service/synthesis-settings.js';

export interface SynthesizeIntoResult {
  readonly sync: ShadowSyncResult;
  readonly plan: GenerationPlan;
  readonly report: LoadReport;
}

/** `shadowtune synth`: replicates the schema into the target (idempotent) and fills it. */
export async function synthesizeInto(args: {
  readonly model: SchemaModel;
  readonly targetUrl: string;
  readonly settings: SynthesisSettings;
  readonly focus: DatasetFocus | null;
  readonly onSynced?: (sync: ShadowSyncResult) => void;
  readonly onProgress?: (event: LoadProgress) => void;
}): Promise<SynthesizeIntoResult> {
  const pool = new pg.Pool({ connectionString: args.targetUrl, max: 3, application_name: 'shadowtune-synth' });
  pool.on('error', () => {
    // An idle connection dropped; the next query reconnects or fails with DB_UNAVAILABLE.
  });
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw toDatabaseError(error);
    });
    let sync: ShadowSyncResult;
    try {
      sync = await syncShadowSchema(client, args.model);
    } finally {
      client.release();
    }
    args.onSynced?.(sync);
    const { plan, report } = await runSynthesis({
      model: args.model,
      shadow: pool,
      focus: args.focus,
      settings: args.settings,
      ...(args.onProgress !== undefined ? { onProgress: args.onProgress } : {}),
    });
    return { sync, plan, report };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
