import type pg from 'pg';
import type { EquivalenceCheck } from '@shadowtune/shared/contracts/generated-types';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { injectAdversarialRows } from '../data/inject-adversarial-rows.js';
import type { ParameterSet } from '../params/parameter-set.js';

export interface EquivalenceOptions {
  readonly statementTimeoutMs: number;
  readonly adversarialRows: number;
}

const RAW_TEXT = { getTypeParser: () => (value: string) => value };

/** The rows a statement returns, as a sorted list of encoded rows (a multiset). */
async function multiset(client: pg.ClientBase, sql: string, values: readonly (string | null)[]): Promise<string[]> {
  const result = await client.query({ text: sql, values: values as unknown[], rowMode: 'array', types: RAW_TEXT });
  return (result.rows as unknown[][]).map((row) => JSON.stringify(row)).sort();
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compares the rows of a candidate statement with the original's for every parameter
 * set, first on the data as loaded, then with adversarial rows (NULL copies, duplicates)
 * injected into the tables the statement reads — both inside transactions that are
 * rolled back, so the shadow is left as it was. Multisets are compared (duplicates
 * count, order does not). A comparison that cannot be made (an error, a timeout) counts
 * as a mismatch: a rewrite is kept only when it is shown equal.
 */
export async function checkEquivalence(
  client: pg.ClientBase,
  variantId: string,
  originalSql: string,
  candidateSql: string,
  sets: readonly ParameterSet[],
  tables: readonly TableModel[],
  options: EquivalenceOptions,
): Promise<EquivalenceCheck> {
  let comparisons = 0;
  let mismatches = 0;
  let detail: string | null = null;
  const note = (text: string) => {
    mismatches += 1;
    detail ??= text;
  };
  for (const state of ['data as loaded', 'adversarial data (NULLs, duplicates)'] as const) {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      await client.query(`SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
      if (state !== 'data as loaded') await injectAdversarialRows(client, tables, options.adversarialRows);
      for (let i = 0; i < sets.length; i += 1) {
        const set = sets[i]!;
        const where = `${set.parameterClass} parameter set ${i + 1}, ${state}`;
        comparisons += 1;
        await client.query('SAVEPOINT shadowtune_compare');
        try {
          const original = await multiset(client, originalSql, set.values);
          const candidate = await multiset(client, candidateSql, set.values);
          if (!sameMultiset(original, candidate)) {
            note(original.length !== candidate.length ? `${where}: ${original.length} rows vs ${candidate.length}` : `${where}: same row count (${original.length}), different rows`);
          }
          await client.query('RELEASE SAVEPOINT shadowtune_compare');
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT shadowtune_compare');
          const code = (error as { code?: string }).code ?? 'error';
          note(`${where}: could not compare (SQLSTATE ${code})`);
        }
      }
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return { variantId, comparisons, mismatches, detail };
}
