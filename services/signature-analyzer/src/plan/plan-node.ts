/** One node of an EXPLAIN (FORMAT JSON) plan, flattened with links to its parent. */
export interface PlanNode {
  readonly id: number;
  readonly parentId: number | null;
  readonly depth: number;
  readonly nodeType: string;
  /** "Outer", "Inner", "InitPlan", "SubPlan", ... */
  readonly parentRelationship: string | null;
  readonly subplanName: string | null;
  readonly relationName: string | null;
  readonly schema: string | null;
  readonly alias: string | null;
  readonly indexName: string | null;
  readonly joinType: string | null;
  readonly strategy: string | null;
  readonly startupCost: number;
  readonly totalCost: number;
  readonly planRows: number;
  readonly planWidth: number;
  readonly filter: string | null;
  readonly indexCond: string | null;
  readonly recheckCond: string | null;
  readonly hashCond: string | null;
  readonly mergeCond: string | null;
  readonly joinFilter: string | null;
  readonly sortKey: readonly string[];
  readonly childIds: readonly number[];
}

/** A whole plan: nodes in pre-order (root first). */
export interface WalkedPlan {
  readonly nodes: readonly PlanNode[];
  readonly root: PlanNode;
  readonly totalCost: number;
}
