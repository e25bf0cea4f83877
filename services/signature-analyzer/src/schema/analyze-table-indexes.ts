import type { IndexElem, IndexStmt } from 'libpg-query';
import { parseStatements } from '@shadowtune/shared/sql/parse-statement';
import type { TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { asList, bodyOf, namesOf, type AstNode } from '../ast/ast-node.js';
import { conjunctsOf } from './conjuncts-of.js';
import type { AnalyzedIndex, AnalyzedIndexPart } from './analyzed-index.js';

const cache = new WeakMap<TableModel, readonly AnalyzedIndex[]>();

function fromDefinition(table: TableModel, index: TableModel['indexes'][number]): AnalyzedIndex {
  let stmt: IndexStmt | null = null;
  try {
    stmt = bodyOf<IndexStmt>(parseStatements(index.definition)[0], 'IndexStmt');
  } catch {
    stmt = null;
  }
  const elems = asList(stmt?.indexParams).map((p) => bodyOf<IndexElem>(p, 'IndexElem'));
  const parts: AnalyzedIndexPart[] = index.keyParts.map((part, i) => {
    const elem = elems[i] ?? null;
    return {
      column: part.column,
      expression: part.column === null ? ((elem?.expr as AstNode | undefined) ?? null) : null,
      operatorClass: part.operatorClass || namesOf(elem?.opclass).pop() || '',
      descending: part.descending,
    };
  });
  return {
    table,
    index,
    method: index.method,
    parts,
    predicate: stmt?.whereClause === undefined ? [] : conjunctsOf(stmt.whereClause),
  };
}

/** The valid indexes of a table with their definitions parsed (computed once per table model). */
export function analyzeTableIndexes(table: TableModel): readonly AnalyzedIndex[] {
  let analyzed = cache.get(table);
  if (analyzed === undefined) {
    analyzed = table.indexes.filter((index) => index.valid).map((index) => fromDefinition(table, index));
    cache.set(table, analyzed);
  }
  return analyzed;
}
