import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { deriveObjectName } from '../proposals/derive-object-name.js';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import { supportedTypeChange } from '../proposals/supported-type-change.js';
import { afterCursor } from './after-cursor.js';
import { columnAbsentCheck } from './column-absent-check.js';
import { cursorSelect } from './cursor-select.js';
import { dependentViewsCheck } from './dependent-views-check.js';
import { dollarQuote } from './dollar-quote.js';
import type { MigrationPlan, Precheck } from './migration-plan.js';
import { relationAbsentCheck } from './relation-absent-check.js';
import { typeSql } from './type-sql.js';

/**
 * A type change by expand/contract. Expand: a new column of the target type, kept equal
 * to the old one by a trigger, backfilled in batches, its NOT NULL (when the old had
 * one) as a validated CHECK, its indexes built concurrently. Switch (one short
 * transaction): the columns trade names, and a reverse trigger keeps the old column
 * current. The old column stays until a later contraction, so the switch undoes exactly.
 */
export function buildTypeChangeMigration(
  spec: Extract<SchemaChangeSpec, { changeType: 'ADJUST_DATA_TYPE' }>,
  options: { readonly batchRows: number; readonly notNull: boolean },
): MigrationPlan {
  const table = quoteQualifiedName(spec.table.schema, spec.table.name);
  const toType = typeSql(spec.toType);
  const fromType = typeSql(spec.fromType);
  const newName = deriveObjectName([spec.column], 'new');
  const oldName = deriveObjectName([spec.column], 'old');
  const column = quoteIdentifier(spec.column);
  const fresh = quoteIdentifier(newName);
  const kept = quoteIdentifier(oldName);
  const key = quoteIdentifier(spec.keyColumn);
  const forwardFunction = quoteQualifiedName(spec.table.schema, deriveObjectName([spec.table.name, spec.column], 'fwd'));
  const forwardTrigger = quoteIdentifier(deriveObjectName([spec.table.name, spec.column], 'fwd'));
  const backFunction = quoteQualifiedName(spec.table.schema, deriveObjectName([spec.table.name, spec.column], 'back'));
  const backTrigger = quoteIdentifier(deriveObjectName([spec.table.name, spec.column], 'back'));
  const notNullCheck = quoteIdentifier(deriveObjectName([spec.table.name, newName], 'not_null'));
  const dropForward = `DROP TRIGGER IF EXISTS ${forwardTrigger} ON ${table}; DROP FUNCTION IF EXISTS ${forwardFunction}()`;
  const steps: MigrationPlan['steps'][number][] = [
    {
      phase: 'expand',
      description: `add ${newName} ${spec.toType} (nullable, no rewrite)`,
      up: `ALTER TABLE ${table} ADD COLUMN ${fresh} ${toType}`,
      undo: [`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${fresh}`],
    },
    {
      phase: 'expand',
      description: `keep ${newName} equal to ${spec.column} on every insert and update`,
      up:
        `CREATE FUNCTION ${forwardFunction}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(` BEGIN NEW.${fresh} := NEW.${column}::${toType}; RETURN NEW; END `)}; ` +
        `CREATE TRIGGER ${forwardTrigger} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${forwardFunction}()`,
      undo: [dropForward],
    },
    {
      phase: 'expand',
      description: `backfill ${newName} in batches of ${options.batchRows} rows`,
      up:
        `WITH batch AS (UPDATE ${table} AS t SET ${fresh} = t.${column}::${toType} WHERE t.${key} IN ` +
        `(SELECT ${key} FROM ${table} WHERE ${afterCursor(spec.keyColumn, spec.keyType)} ORDER BY ${key} LIMIT ${Math.floor(options.batchRows)}) RETURNING t.${key}) ` +
        cursorSelect(spec.keyColumn, 'batch'),
      undo: [],
    },
  ];
  if (options.notNull) {
    steps.push(
      {
        phase: 'expand',
        description: `${newName} NOT NULL, as a CHECK added NOT VALID`,
        up: `ALTER TABLE ${table} ADD CONSTRAINT ${notNullCheck} CHECK (${fresh} IS NOT NULL) NOT VALID`,
        undo: [`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${notNullCheck}`],
      },
      { phase: 'expand', description: 'validate it without blocking writes', up: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${notNullCheck}`, undo: [] },
    );
  }
  for (const index of spec.indexes) {
    steps.push({
      phase: 'expand',
      description: `rebuild index ${index.name} on ${newName} as ${index.newName}`,
      up: `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${quoteIdentifier(index.newName)} ON ${table} USING btree (${fresh})`,
      undo: [`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(spec.table.schema, index.newName)}`],
    });
  }
  steps.push({
    phase: 'switch',
    description: `switch: ${spec.column} becomes ${spec.toType}; the old column is kept as ${oldName}, kept current by a trigger`,
    up: [
      `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`,
      `DROP TRIGGER ${forwardTrigger} ON ${table}`,
      `DROP FUNCTION ${forwardFunction}()`,
      `ALTER TABLE ${table} RENAME COLUMN ${column} TO ${kept}`,
      `ALTER TABLE ${table} RENAME COLUMN ${fresh} TO ${column}`,
      `CREATE FUNCTION ${backFunction}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(` BEGIN NEW.${kept} := NEW.${column}::${fromType}; RETURN NEW; END `)}`,
      `CREATE TRIGGER ${backTrigger} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${backFunction}()`,
    ].join('; '),
    undo: [
      [
        `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`,
        `DROP TRIGGER IF EXISTS ${backTrigger} ON ${table}`,
        `DROP FUNCTION IF EXISTS ${backFunction}()`,
        `ALTER TABLE ${table} RENAME COLUMN ${column} TO ${fresh}`,
        `ALTER TABLE ${table} RENAME COLUMN ${kept} TO ${column}`,
      ].join('; '),
    ],
  });
  const prechecks: Precheck[] = [
    columnAbsentCheck(spec.table, newName),
    columnAbsentCheck(spec.table, oldName),
    dependentViewsCheck(spec.table, spec.column),
    ...spec.indexes.map((i) => relationAbsentCheck(spec.table.schema, i.newName)),
  ];
  const pattern = supportedTypeChange(spec.fromType, spec.toType)?.invalidPattern ?? null;
  if (pattern !== null) {
    prechecks.push({
      description: `every value of ${spec.column} converts to ${spec.toType}`,
      sql: `SELECT 1 FROM ${table} WHERE ${column} IS NOT NULL AND ${column}::text !~ ${quoteLiteral(pattern)} LIMIT 1`,
    });
  }
  return { steps, prechecks };
}
