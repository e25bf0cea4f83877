import type pg from 'pg';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';
import { startWorkflow } from '@shadowtune/shared/workflows/start-workflow';
import { SCHEMA_EVOLUTION_TASK } from '@shadowtune/shared/workflows/tasks/schema-evolution-task';

export const SCHEMA_EVOLUTION_WORKFLOW = 'schema-evolution';

/**
 * Starts the Schema Evolution workflow of the current interval (one per interval across
 * all instances: the idempotency key is the interval's number). Returns its id and
 * whether it was created now.
 */
export async function startSchemaEvolutionWorkflow(catalog: pg.Pool, now: number, intervalMs: number, database: string | null = null): Promise<{ workflowId: string; created: boolean }> {
  const window = Math.floor(now / intervalMs);
  const analysisId = `schema-evolution:${database ?? '*'}:${window}`;
  return inTransaction(catalog, async (client) => {
    const started = await startWorkflow(client, {
      kind: SCHEMA_EVOLUTION_WORKFLOW,
      idempotencyKey: analysisId,
      input: { analysisId, database },
      tasks: [{ taskType: SCHEMA_EVOLUTION_TASK, input: { analysisId, database }, maxAttempts: 3 }],
    });
    return { workflowId: started.workflow.workflowId, created: started.created };
  });
}
