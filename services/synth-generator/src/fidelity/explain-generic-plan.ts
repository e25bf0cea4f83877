import { randomBytes } from 'node:crypto';
import type { PlanQuery } from './plan-query.js';

export type GenericPlan = { readonly ok: true; readonly plan: unknown } | { readonly ok: false; readonly detail: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The generic plan of a `$n` statement, without values and without running it:
 * `EXPLAIN (GENERIC_PLAN)` on PostgreSQL 16+, before that PREPARE with the placeholders'
 * types + plan_cache_mode = force_generic_plan + EXPLAIN EXECUTE with NULLs (which needs
 * the same session throughout). Parallel plans are off so both sides plan alike.
 * A failure is returned with the server's reason, not thrown.
 */
export async function explainGenericPlan(query: PlanQuery, sql: string, serverVersion: number, parameterTypes: readonly string[]): Promise<GenericPlan> {
  try {
    await query('SET max_parallel_workers_per_gather = 0');
    if (serverVersion >= 160000) {
      const result = await query(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${sql}`);
      return { ok: true, plan: result.rows[0]?.['QUERY PLAN'] };
    }
    const name = `shadowtune_fidelity_${randomBytes(6).toString('hex')}`;
    await query('SET plan_cache_mode = force_generic_plan');
    // Types are format_type() texts from the schema model (trusted catalog output).
    await query(`PREPARE ${name}${parameterTypes.length > 0 ? `(${parameterTypes.join(', ')})` : ''} AS ${sql}`);
    try {
      const args = parameterTypes.length > 0 ? `(${parameterTypes.map(() => 'NULL').join(', ')})` : '';
      const result = await query(`EXPLAIN (FORMAT JSON) EXECUTE ${name}${args}`);
      return { ok: true, plan: result.rows[0]?.['QUERY PLAN'] };
    } finally {
      await query(`DEALLOCATE ${name}`).catch(() => undefined);
    }
  } catch (error) {
    return { ok: false, detail: messageOf(error) };
  } finally {
    await query('RESET plan_cache_mode').catch(() => undefined);
    await query('RESET max_parallel_workers_per_gather').catch(() => undefined);
  }
}
