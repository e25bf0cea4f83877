import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { SchemaModel } from './schema-model.js';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => byText(a.name, b.name));
}

function bySchemaAndName<T extends { readonly schema: string; readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => byText(a.schema, b.schema) || byText(a.name, b.name));
}

/**
 * sha256 of the structural part of a model: what a DDL change alters, not what data,
 * ANALYZE or VACUUM alter. Left out: statistics, sizes, the server version, and column
 * positions (only the column order is kept, so a table whose columns were dropped and
 * re-added hashes like the same table created fresh, e.g. a shadow loaded from a dump).
 * Every list whose order carries no meaning is sorted here by code unit, so the hash does
 * not depend on the server's collation or on catalog order.
 */
export function computeSchemaVersion(model: Omit<SchemaModel, 'version'>): string {
  const structure = {
    tables: bySchemaAndName(model.tables).map((table) => ({
      schema: table.schema,
      name: table.name,
      kind: table.kind,
      columns: [...table.columns]
        .sort((a, b) => a.position - b.position)
        .map(({ position: _position, stats: _stats, ...column }) => column),
      primaryKey: table.primaryKey,
      uniqueConstraints: byName(table.uniqueConstraints),
      checks: byName(table.checks),
      foreignKeys: byName(table.foreignKeys),
      indexes: byName(table.indexes).map(({ sizeBytes: _sizeBytes, ...index }) => index),
      partitioning: table.partitioning,
    })),
    enums: bySchemaAndName(model.enums),
    domains: bySchemaAndName(model.domains).map((domain) => ({ ...domain, checks: [...domain.checks].sort(byText) })),
    sequences: bySchemaAndName(model.sequences),
    extensions: [...model.extensions].sort(byText),
  };
  return createHash('sha256').update(canonicalJson(structure)).digest('hex');
}
