import { canonicalJson } from '@shadowtune/shared/schema-model/canonical-json';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { SchemaSnapshot } from './schema-snapshot.js';

/** One difference between two schema snapshots. */
export interface SchemaDifference {
  /** What differs: `table public.orders`, `index public.orders.orders_ref_idx`, `trigger ...`, `function ...`. */
  readonly object: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/** The structural part of a table (what computeSchemaVersion hashes): no statistics, sizes or positions. */
function structureOf(table: TableModel): Record<string, unknown> {
  return {
    kind: table.kind,
    columns: [...table.columns].sort((a, b) => a.position - b.position).map(({ position: _p, stats: _s, ...column }) => column),
    primaryKey: table.primaryKey,
    uniqueConstraints: [...table.uniqueConstraints].sort((a, b) => (a.name < b.name ? -1 : 1)),
    checks: [...table.checks].sort((a, b) => (a.name < b.name ? -1 : 1)),
    foreignKeys: [...table.foreignKeys].sort((a, b) => (a.name < b.name ? -1 : 1)),
    partitioning: table.partitioning,
  };
}

function compare<T>(object: (key: string) => string, before: Map<string, T>, after: Map<string, T>, out: SchemaDifference[]): void {
  for (const [key, value] of before) {
    if (!after.has(key)) out.push({ object: object(key), change: 'removed' });
    else if (canonicalJson(value) !== canonicalJson(after.get(key))) out.push({ object: object(key), change: 'changed' });
  }
  for (const key of after.keys()) if (!before.has(key)) out.push({ object: object(key), change: 'added' });
}

/**
 * What differs between two snapshots: tables (columns, keys, constraints, partitioning),
 * indexes, sequences, enums, domains, extensions, functions and triggers. Empty when a
 * rollback restored the schema exactly (statistics, sizes and column positions aside).
 */
export function diffSchemaSnapshots(before: SchemaSnapshot, after: SchemaSnapshot): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const tables = (s: SchemaSnapshot) => new Map(s.model.tables.map((t) => [`${t.schema}.${t.name}`, structureOf(t)]));
  compare((k) => `table ${k}`, tables(before), tables(after), out);
  const indexes = (s: SchemaSnapshot) =>
    new Map(s.model.tables.flatMap((t) => t.indexes.map(({ sizeBytes: _size, ...i }) => [`${t.schema}.${t.name}.${i.name}`, i] as const)));
  compare((k) => `index ${k}`, indexes(before), indexes(after), out);
  const named = <T extends { schema: string; name: string }>(items: readonly T[]) => new Map(items.map((i) => [`${i.schema}.${i.name}`, i]));
  compare((k) => `sequence ${k}`, named(before.model.sequences), named(after.model.sequences), out);
  compare((k) => `enum ${k}`, named(before.model.enums), named(after.model.enums), out);
  compare((k) => `domain ${k}`, named(before.model.domains), named(after.model.domains), out);
  compare((k) => `extension ${k}`, new Map(before.model.extensions.map((e) => [e, e])), new Map(after.model.extensions.map((e) => [e, e])), out);
  const routines = (s: SchemaSnapshot) => {
    const byName = new Map<string, string[]>();
    for (const r of s.routines) byName.set(`${r.schema}.${r.name}`, [...(byName.get(`${r.schema}.${r.name}`) ?? []), r.definition].sort());
    return byName;
  };
  compare((k) => `function ${k}`, routines(before), routines(after), out);
  compare((k) => `trigger ${k}`, new Map(before.triggers.map((t) => [`${t.schema}.${t.table}.${t.name}`, t.definition])), new Map(after.triggers.map((t) => [`${t.schema}.${t.table}.${t.name}`, t.definition])), out);
  return out;
}
