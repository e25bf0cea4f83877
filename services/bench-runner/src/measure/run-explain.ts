import type pg from 'pg';
import type { ExplainNode } from './summarize-plan.js';

/** One EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) run, reduced to what a measurement keeps. */
export interface ExplainRun {
  readonly executionMs: number;
  readonly planningMs: number;
  readonly rows: number;
  readonly sharedHitBlocks: number;
  readonly sharedReadBlocks: number;
  readonly tempBlocks: number;
  readonly walBytes: number | null;
  readonly plan: ExplainNode;
  /** The JSON the server returned (kept for the representative run only). */
  readonly planJson: string;
}

interface RootNode extends ExplainNode {
  readonly 'Shared Hit Blocks'?: number;
  readonly 'Shared Read Blocks'?: number;
  readonly 'Temp Read Blocks'?: number;
  readonly 'Temp Written Blocks'?: number;
  readonly 'WAL Bytes'?: number;
}

/**
 * Runs a statement under EXPLAIN (ANALYZE, BUFFERS[, WAL], FORMAT JSON) with its
 * parameters bound (extended protocol, so the plan is the custom plan for these values).
 * Errors are the caller's to classify (a statement_timeout is a result there).
 */
export async function runExplain(client: pg.ClientBase, sql: string, values: readonly (string | null)[], wal: boolean): Promise<ExplainRun> {
  const result = await client.query({ text: `EXPLAIN (ANALYZE, VERBOSE, BUFFERS${wal ? ', WAL' : ''}, FORMAT JSON) ${sql}`, values: values as unknown[] });
  const raw = result.rows[0]?.['QUERY PLAN'] as unknown;
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: RootNode; 'Execution Time': number; 'Planning Time': number }[];
  const top = parsed[0]!;
  const plan = top.Plan;
  return {
    executionMs: top['Execution Time'],
    planningMs: top['Planning Time'],
    rows: (plan['Actual Rows'] ?? 0) * (plan['Actual Loops'] ?? 1),
    sharedHitBlocks: plan['Shared Hit Blocks'] ?? 0,
    sharedReadBlocks: plan['Shared Read Blocks'] ?? 0,
    tempBlocks: (plan['Temp Read Blocks'] ?? 0) + (plan['Temp Written Blocks'] ?? 0),
    walBytes: wal ? plan['WAL Bytes'] ?? 0 : null,
    plan,
    planJson: JSON.stringify(parsed),
  };
}
