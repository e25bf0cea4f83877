import type { ColumnModel, DomainModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { DdlStatement } from './ddl-statement.js';
import { parseFormattedType } from './resolve-column-type.js';
import { SHADOW_MARKER_SCHEMA } from './shadow-marker-schema.js';

const ACTIONS: Readonly<Record<ForeignKeyModel['onDelete'], string>> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

// Names, lists of columns, enum labels: quoted from structures. Types (format_type),
// defaults, CHECKs, generated expressions, partition keys and bounds, index definitions:
// printed by the source server's catalog, which is trusted, and used as printed.

function columnDefinition(column: ColumnModel): string {
  let text = `${quoteIdentifier(column.name)} ${column.dataType}`;
  if (column.identity !== null) text += ` GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  else if (column.generatedExpression !== null) text += ` GENERATED ALWAYS AS (${column.generatedExpression}) ${column.generatedStorage === 'virtual' ? 'VIRTUAL' : 'STORED'}`;
  else if (column.defaultExpression !== null) text += ` DEFAULT ${column.defaultExpression}`;
  if (!column.nullable) text += ' NOT NULL';
  return text;
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

function splitQualified(qualified: string, fallbackSchema: string): [string, string] {
  const dot = qualified.indexOf('.');
  return dot < 0 ? [fallbackSchema, qualified] : [qualified.slice(0, dot), qualified.slice(dot + 1)];
}

function parentOf(table: TableModel): [string, string] | null {
  const p = table.partitioning;
  if (p === null) return null;
  if (p.parentSchema != null && p.parentName != null) return [p.parentSchema, p.parentName];
  return p.parent === null ? null : splitQualified(p.parent, table.schema);
}

function indexSignature(index: IndexModel): string {
  return JSON.stringify([index.method, index.unique, index.predicate, index.keyParts.map((k) => [k.column, k.expression, k.descending, k.nullsFirst]), index.include]);
}

/** Domains over other domains come after them. */
function orderDomains(domains: readonly DomainModel[]): DomainModel[] {
  const ordered: DomainModel[] = [];
  const placed = new Set<string>();
  const pending = [...domains];
  while (pending.length > 0) {
    const index = pending.findIndex((d) => {
      const base = parseFormattedType(d.baseType);
      const dependency = domains.find((o) => o !== d && o.name === base.name && (base.schema === null || o.schema === base.schema));
      return dependency === undefined || placed.has(`${dependency.schema}.${dependency.name}`);
    });
    const next = pending.splice(index < 0 ? 0 : index, 1)[0] as DomainModel;
    ordered.push(next);
    placed.add(`${next.schema}.${next.name}`);
  }
  return ordered;
}

/** Partitioned parents before their partitions, at any depth. */
function orderTables(tables: readonly TableModel[]): TableModel[] {
  const byKey = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const ordered: TableModel[] = [];
  const placed = new Set<string>();
  const place = (table: TableModel, depth: number): void => {
    const key = `${table.schema}.${table.name}`;
    if (placed.has(key) || depth > 32) return;
    const parent = parentOf(table);
    const parentTable = parent === null ? undefined : byKey.get(`${parent[0]}.${parent[1]}`);
    if (parentTable !== undefined) place(parentTable, depth + 1);
    placed.add(key);
    ordered.push(table);
  };
  for (const table of tables) place(table, 0);
  return ordered;
}

/**
 * The DDL that recreates a SchemaModel's objects in an empty database: schemas, extensions,
 * enums, domains, free sequences, tables (columns, identity, generated columns, defaults,
 * NOT NULL, primary/unique/check constraints, partitioning), sequence ownership, foreign
 * keys (after every table, so order and cycles do not matter) and the remaining indexes.
 * Partitions take columns and constraints from their parent; their indexes are created
 * only when the parent has no index of the same shape. Views are not replicated (the
 * model carries no definition); invalid indexes are skipped.
 */
export function renderSchemaDdl(model: SchemaModel): DdlStatement[] {
  const tables = model.tables.filter((t) => t.schema !== SHADOW_MARKER_SCHEMA && (t.kind === 'table' || t.kind === 'partitioned-table'));
  const statements: DdlStatement[] = [];
  const schemas = new Set<string>();
  for (const t of tables) schemas.add(t.schema);
  for (const e of model.enums) schemas.add(e.schema);
  for (const d of model.domains) schemas.add(d.schema);
  for (const s of model.sequences) schemas.add(s.schema);
  schemas.delete(SHADOW_MARKER_SCHEMA);
  for (const schema of [...schemas].sort()) {
    statements.push({ kind: 'schema', object: schema, sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`, optional: false });
  }
  for (const extension of model.extensions) {
    if (extension === 'plpgsql') continue;
    statements.push({ kind: 'extension', object: extension, sql: `CREATE EXTENSION IF NOT EXISTS ${quoteIdentifier(extension)}`, optional: true });
  }
  for (const e of model.enums) {
    statements.push({ kind: 'enum', object: `${e.schema}.${e.name}`, sql: `CREATE TYPE ${quoteQualifiedName(e.schema, e.name)} AS ENUM (${e.labels.map(quoteLiteral).join(', ')})`, optional: false });
  }
  for (const d of orderDomains(model.domains)) {
    let sql = `CREATE DOMAIN ${quoteQualifiedName(d.schema, d.name)} AS ${d.baseType}`;
    if (d.defaultExpression !== null) sql += ` DEFAULT ${d.defaultExpression}`;
    if (d.notNull) sql += ' NOT NULL';
    for (const check of d.checks) sql += ` ${check}`;
    statements.push({ kind: 'domain', object: `${d.schema}.${d.name}`, sql, optional: false });
  }
  // Identity sequences come with their column; the others (serial, free) are created first
  // because column defaults call nextval() on them.
  const freeSequences = model.sequences.filter((s) => s.identity !== true && s.schema !== SHADOW_MARKER_SCHEMA);
  for (const s of freeSequences) {
    const type = s.dataType !== undefined ? ` AS ${s.dataType}` : '';
    statements.push({ kind: 'sequence', object: `${s.schema}.${s.name}`, sql: `CREATE SEQUENCE ${quoteQualifiedName(s.schema, s.name)}${type}`, optional: false });
  }
  const byKey = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  for (const table of orderTables(tables)) {
    const name = quoteQualifiedName(table.schema, table.name);
    const parent = parentOf(table);
    const partitionBy = table.kind === 'partitioned-table' && table.partitioning?.key != null ? ` PARTITION BY ${table.partitioning.key}` : '';
    if (parent !== null && table.partitioning?.bound != null) {
      statements.push({ kind: 'table', object: `${table.schema}.${table.name}`, sql: `CREATE TABLE ${name} PARTITION OF ${quoteQualifiedName(parent[0], parent[1])} ${table.partitioning.bound}${partitionBy}`, optional: false });
      continue;
    }
    const parts = table.columns.map(columnDefinition);
    if (table.primaryKey !== null && table.primaryKey.length > 0) {
      const pkIndex = table.indexes.find((i) => i.primary);
      parts.push(`${pkIndex !== undefined ? `CONSTRAINT ${quoteIdentifier(pkIndex.name)} ` : ''}PRIMARY KEY (${columnList(table.primaryKey)})`);
    }
    for (const u of table.uniqueConstraints) parts.push(`CONSTRAINT ${quoteIdentifier(u.name)} UNIQUE (${columnList(u.columns)})`);
    for (const c of table.checks) parts.push(`CONSTRAINT ${quoteIdentifier(c.name)} ${c.definition}`);
    statements.push({ kind: 'table', object: `${table.schema}.${table.name}`, sql: `CREATE TABLE ${name} (\n  ${parts.join(',\n  ')}\n)${partitionBy}`, optional: false });
  }
  for (const s of freeSequences) {
    if (s.ownedBy === null) continue;
    const [schema, tableAndColumn] = [s.ownedBy.slice(0, s.ownedBy.indexOf('.')), s.ownedBy.slice(s.ownedBy.indexOf('.') + 1)];
    const lastDot = tableAndColumn.lastIndexOf('.');
    const table = tableAndColumn.slice(0, lastDot);
    const column = tableAndColumn.slice(lastDot + 1);
    if (!byKey.has(`${schema}.${table}`)) continue;
    statements.push({ kind: 'sequence-owner', object: `${s.schema}.${s.name}`, sql: `ALTER SEQUENCE ${quoteQualifiedName(s.schema, s.name)} OWNED BY ${quoteQualifiedName(schema, table)}.${quoteIdentifier(column)}`, optional: false });
  }
  for (const table of tables) {
    if (parentOf(table) !== null) continue;
    for (const fk of table.foreignKeys) {
      let sql = `ALTER TABLE ${quoteQualifiedName(table.schema, table.name)} ADD CONSTRAINT ${quoteIdentifier(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${quoteQualifiedName(fk.referencedSchema, fk.referencedTable)} (${columnList(fk.referencedColumns)}) ON DELETE ${ACTIONS[fk.onDelete]} ON UPDATE ${ACTIONS[fk.onUpdate]}`;
      if (fk.deferrable) sql += fk.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE';
      statements.push({ kind: 'foreign-key', object: `${table.schema}.${table.name}.${fk.name}`, sql, optional: false });
    }
  }
  for (const table of tables) {
    const constraintNames = new Set(table.uniqueConstraints.map((u) => u.name));
    const parent = parentOf(table);
    const parentTable = parent === null ? undefined : byKey.get(`${parent[0]}.${parent[1]}`);
    const inherited = new Set((parentTable?.indexes ?? []).map(indexSignature));
    for (const index of table.indexes) {
      if (index.primary || constraintNames.has(index.name) || !index.valid) continue;
      if (parent !== null && inherited.has(indexSignature(index))) continue;
      // An index on a partitioned table prints as ON ONLY (to be attached later); created
      // without ONLY it cascades to the partitions, which is what production has.
      const sql = index.definition.replace(/^CREATE (UNIQUE )?INDEX (.+?) ON ONLY /, 'CREATE $1INDEX $2 ON ').replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ');
      statements.push({ kind: 'index', object: `${table.schema}.${index.name}`, sql, optional: false });
    }
  }
  return statements;
}
