import { z } from 'zod';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { DEFAULT_BACKOFF, type TaskType } from '@shadowtune/shared/workflows/task-type';
import { SCHEMA_EVOLUTION_TASK } from '@shadowtune/shared/workflows/tasks/schema-evolution-task';
import type { JsonValue } from '@shadowtune/shared/workflows/workflow-records';
import { evolveSchema, type EvolveSchemaDeps } from '../evolve/evolve-schema.js';

export const schemaEvolutionInputSchema = z.strictObject({
  /** Names the analysis (its skipped candidates are recorded under it); default: the task's idempotency key. */
  analysisId: z.string().min(1).max(200).optional(),
  /** Only the workload of this database (tags.database); null or absent: all of it. */
  database: z.string().min(1).max(63).nullable().optional(),
});

/**
 * The Schema Evolution task of the workflow engine: one evolveSchema run (analysis,
 * prechecks, shadow A/B, proposals, deployment requests per policy). Idempotent: proposal
 * ids are stable and recording is ON CONFLICT, so a resumed or retried attempt converges.
 * Retriable failures (a busy shadow template, an unreachable database) retry with backoff.
 */
export function createSchemaEvolutionTaskType(deps: EvolveSchemaDeps, options: { readonly maxAttempts?: number } = {}): TaskType {
  return {
    type: SCHEMA_EVOLUTION_TASK,
    maxAttempts: options.maxAttempts ?? 3,
    backoff: DEFAULT_BACKOFF,
    async run(context) {
      const parsed = schemaEvolutionInputSchema.safeParse(context.input ?? {});
      if (!parsed.success) {
        throw new ShadowtuneError('INPUT_INVALID', `schema evolution input is invalid: ${parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')}`);
      }
      const outcome = await evolveSchema({ ...deps, logger: context.logger }, { analysisId: parsed.data.analysisId ?? context.idempotencyKey, database: parsed.data.database ?? null });
      return {
        analysisId: outcome.analysisId,
        statements: outcome.statements,
        proposed: outcome.proposed.map((p) => ({ ...p })),
        skipped: outcome.skipped.map((s) => ({ changeType: s.changeType, tableName: s.tableName, columnName: s.columnName, reasonCode: s.reasonCode, detail: s.detail })),
        deploymentsRequested: outcome.deploymentsRequested,
      } satisfies JsonValue;
    },
  };
}
