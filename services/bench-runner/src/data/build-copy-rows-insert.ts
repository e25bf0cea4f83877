import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'smallint', 'integer', 'bigint']);
const TEXT_TYPES = new Set(['text', 'varchar', 'bpchar', 'citext']);

/** Columns that must stay unique: primary key, unique constraints, unique indexes. */
function keyColumns(table: TableModel): Set<string> {
  const keys = new Set<string>(table.primaryKey ?? []);
  for (const unique of table.uniqueConstraints) for (const column of unique.columns) keys.add(column);
  for (const index of table.indexes) {
    if (!index.unique) continue;
    for (const part of index.keyParts) if (part.column) keys.add(part.column);
  }
  return keys;
}

/**
 * An INSERT … SELECT that copies up to `$1` existing rows of a table with fresh values in
 * its unique columns (integers past the maximum, uuids and strings drawn at random), so
 * the copies are new rows: duplicates of the originals in every other column, or — with
 * `nullify` — with every nullable non-key column set to NULL. Rows that still collide are
 * skipped (ON CONFLICT DO NOTHING). Built from the schema model with quoted identifiers.
 */
export function buildCopyRowsInsert(table: TableModel, nullify: boolean): string {
  const relation = quoteQualifiedName(table.schema, table.name);
  const keys = keyColumns(table);
  const columns = table.columns.filter((c) => c.generatedExpression === null);
  let overriding = false;
  const values = columns.map((column) => {
    const name = quoteIdentifier(column.name);
    if (keys.has(column.name)) {
      if (column.identity === 'always') overriding = true;
      if (!column.isArray && INTEGER_TYPES.has(column.typeName)) return `(SELECT COALESCE(max(${name}), 0) FROM ${relation}) + row_number() OVER ()`;
      if (!column.isArray && column.typeName === 'uuid') return 'gen_random_uuid()';
      if (!column.isArray && TEXT_TYPES.has(column.typeName)) {
        const random = `md5(random()::text || clock_timestamp()::text)`;
        return column.maxLength !== null ? `left(${random}, ${column.maxLength})` : random;
      }
      return `src.${name}`;
    }
    if (column.identity === 'always') overriding = true;
    if (nullify && column.nullable) return 'NULL';
    return `src.${name}`;
  });
  return `INSERT INTO ${relation} (${columns.map((c) => quoteIdentifier(c.name)).join(', ')})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''}
SELECT ${values.join(', ')} FROM (SELECT * FROM ${relation} LIMIT $1) AS src ON CONFLICT DO NOTHING`;
}
