import assert from 'node:assert/strict';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { collectQueryFacts } from '../../src/ast/collect-query-facts.js';
import { parseSignatureSql } from '../../src/ast/parse-signature-sql.js';
import type { QueryFacts, TableReference } from '../../src/ast/query-facts.js';

/** Facts of a statement against a schema (the parser must be loaded). */
export function factsOf(schema: SchemaModel, sql: string): QueryFacts {
  const parsed = parseSignatureSql(sql);
  assert.ok(parsed.ok, `parses: ${sql}`);
  return collectQueryFacts(parsed.kind, parsed.statement, schema, { searchPath: ['public'] });
}

export function referenceOf(facts: QueryFacts, name: string): TableReference {
  const reference = facts.references.find((r) => r.name === name);
  assert.ok(reference !== undefined, `references ${name}`);
  return reference;
}
