import type pg from 'pg';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { buildCopyRowsInsert } from './build-copy-rows-insert.js';

/**
 * Inside the caller's transaction, adds rows meant to break a wrong rewrite: copies with
 * their nullable columns NULL (NOT IN against NULLs, outer joins) and duplicates (UNION vs
 * UNION ALL, IN vs join). Each insert runs under a savepoint; a table where one cannot be
 * made (a constraint the copies violate) is left as it is. Returns the rows added.
 */
export async function injectAdversarialRows(client: pg.ClientBase, tables: readonly TableModel[], rowsPerTable: number): Promise<number> {
  let added = 0;
  for (const table of tables) {
    if (table.kind !== 'table' && table.kind !== 'partitioned-table') continue;
    for (const nullify of [true, false]) {
      await client.query('SAVEPOINT shadowtune_adversarial');
      try {
        const result = await client.query(buildCopyRowsInsert(table, nullify), [rowsPerTable]);
        added += result.rowCount ?? 0;
        await client.query('RELEASE SAVEPOINT shadowtune_adversarial');
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT shadowtune_adversarial');
      }
    }
  }
  return added;
}
