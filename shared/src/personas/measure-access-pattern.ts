import type pg from 'pg';
import { toDatabaseError } from '../db/to-database-error.js';
import type { AccessPattern } from './persona-definition.js';

/** One EXPLAIN (ANALYZE, BUFFERS) of an access pattern with one parameter row. */
export interface AccessPatternMeasurement {
  readonly executionMs: number;
  readonly planningMs: number;
  /** Planner's estimated total cost of the top plan node. */
  readonly totalCost: number;
  /** Shared buffers hit + read by the whole plan: work done, independent of machine load. */
  readonly sharedBuffers: number;
  /** Indexes the plan scanned (partition indexes reported as their parent index). */
  readonly indexes: readonly string[];
  readonly nodeTypes: readonly string[];
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Total Cost': number;
  readonly 'Index Name'?: string;
  readonly 'Conflict Arbiter Indexes'?: readonly string[];
  readonly 'Shared Hit Blocks'?: number;
  readonly 'Shared Read Blocks'?: number;
  readonly Plans?: readonly PlanNode[];
}

function collect(node: PlanNode, indexes: Set<string>, nodeTypes: string[]): void {
  nodeTypes.push(node['Node Type']);
  if (node['Index Name']) indexes.add(node['Index Name']);
  // INSERT ... ON CONFLICT probes its arbiter index for every row.
  for (const arbiter of node['Conflict Arbiter Indexes'] ?? []) indexes.add(arbiter);
  for (const child of node.Plans ?? []) collect(child, indexes, nodeTypes);
}

/** Maps indexes of partitions to the partitioned index they belong to (walking up nested partitioning). */
async function rootIndexNames(client: pg.ClientBase, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const result = await client.query<{ name: string; root: string }>(
    `WITH RECURSIVE up AS (
       SELECT c.oid, c.relname AS name, c.oid AS current FROM pg_class c WHERE c.relkind IN ('i', 'I') AND c.relname = ANY($1)
       UNION ALL
       SELECT up.oid, up.name, i.inhparent FROM up JOIN pg_inherits i ON i.inhrelid = up.current)
     SELECT DISTINCT ON (up.name) up.name, pc.relname AS root
       FROM up JOIN pg_class pc ON pc.oid = up.current
      WHERE NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = up.current)`,
    [names],
  );
  const roots = new Map(result.rows.map((row) => [row.name, row.root]));
  return [...new Set(names.map((name) => roots.get(name) ?? name))];
}

/**
 * Runs EXPLAIN (ANALYZE, BUFFERS) for one execution of the pattern. Writes are measured
 * inside a savepoint that is rolled back, so the data stays as seeded; the caller must
 * therefore hold an open transaction when measuring writes.
 */
export async function measureAccessPattern(client: pg.ClientBase, pattern: AccessPattern, parameters: readonly unknown[]): Promise<AccessPatternMeasurement> {
  const explain = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${pattern.sql}`;
  const isWrite = pattern.kind === 'write';
  if (isWrite) await client.query('SAVEPOINT shadowtune_measure');
  let output: { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number };
  try {
    const result = await client.query<{ 'QUERY PLAN': [typeof output] }>(explain, [...parameters]);
    output = result.rows[0]!['QUERY PLAN'][0];
  } catch (error) {
    throw toDatabaseError(error, explain, parameters);
  } finally {
    if (isWrite) await client.query('ROLLBACK TO SAVEPOINT shadowtune_measure');
  }
  const indexes = new Set<string>();
  const nodeTypes: string[] = [];
  collect(output.Plan, indexes, nodeTypes);
  return {
    executionMs: output['Execution Time'],
    planningMs: output['Planning Time'],
    totalCost: output.Plan['Total Cost'],
    sharedBuffers: (output.Plan['Shared Hit Blocks'] ?? 0) + (output.Plan['Shared Read Blocks'] ?? 0),
    indexes: await rootIndexNames(client, [...indexes]),
    nodeTypes,
  };
}
