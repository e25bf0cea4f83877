import type { IndexModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { AstNode } from '../ast/ast-node.js';

export interface AnalyzedIndexPart {
  readonly column: string | null;
  /** Parse tree of an expression part, or null. */
  readonly expression: AstNode | null;
  /** Operator class name, '' when the default. */
  readonly operatorClass: string;
  readonly descending: boolean;
}

/** An index with its definition parsed: what it can serve. */
export interface AnalyzedIndex {
  readonly table: TableModel;
  readonly index: IndexModel;
  readonly method: string;
  readonly parts: readonly AnalyzedIndexPart[];
  /** Conjuncts of a partial index's WHERE clause (parse trees); empty for a full index. */
  readonly predicate: readonly AstNode[];
}
