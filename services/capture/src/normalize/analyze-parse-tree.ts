import type { StatementKind } from '@shadowtune/shared/contracts/generated-types';

/** Facts read from a libpg-query parse tree that its fingerprint does not carry. */
export interface ParseTreeFacts {
  readonly statementKind: StatementKind;
  readonly relations: readonly string[];
  /**
   * Structure libpg-query's fingerprint ignores but that changes what a statement does:
   * schema names, `= ANY(...)` against `= ...`, `IS DISTINCT FROM`, LIMIT against OFFSET.
   */
  readonly discriminator: string;
}

const DML_KINDS: Readonly<Record<string, StatementKind>> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

const DDL_NODES = new Set([
  'IndexStmt', 'ViewStmt', 'RenameStmt', 'CommentStmt', 'GrantStmt', 'GrantRoleStmt', 'TruncateStmt', 'RuleStmt',
  'CompositeTypeStmt', 'DefineStmt', 'SecLabelStmt', 'ReassignOwnedStmt', 'ImportForeignSchemaStmt',
]);

const UTILITY_NODES = new Set([
  'TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'ExplainStmt', 'CopyStmt', 'VacuumStmt', 'LockStmt',
  'CheckPointStmt', 'DiscardStmt', 'ListenStmt', 'NotifyStmt', 'UnlistenStmt', 'PrepareStmt', 'ExecuteStmt',
  'DeallocateStmt', 'DeclareCursorStmt', 'FetchStmt', 'ClosePortalStmt', 'DoStmt', 'CallStmt', 'ReindexStmt',
  'ClusterStmt', 'LoadStmt', 'ConstraintsSetStmt', 'RefreshMatViewStmt', 'ReturnStmt',
]);

function kindOfNode(nodeType: string | undefined): StatementKind {
  if (nodeType === undefined) return 'OTHER';
  const dml = DML_KINDS[nodeType];
  if (dml !== undefined) return dml;
  if (nodeType.startsWith('Create') || nodeType.startsWith('Alter') || nodeType.startsWith('Drop') || DDL_NODES.has(nodeType)) return 'DDL';
  if (UTILITY_NODES.has(nodeType)) return 'UTILITY';
  return 'OTHER';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Walk {
  readonly relations: Array<{ schema: string | null; name: string; qualified: string }>;
  readonly cteNames: Set<string>;
  discriminator: string;
}

function visit(node: Json, walk: Walk): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) visit(child, walk);
    return;
  }
  // RangeVar: wrapped as {"RangeVar": {...}} in lists, bare in fields such as InsertStmt.relation.
  if (typeof node.relname === 'string') {
    const schema = typeof node.schemaname === 'string' ? node.schemaname : null;
    const catalog = typeof node.catalogname === 'string' ? node.catalogname : null;
    const qualified = [catalog, schema, node.relname].filter((part): part is string => part !== null).join('.');
    walk.relations.push({ schema, name: node.relname, qualified });
    walk.discriminator += `R${qualified};`;
  }
  for (const key in node) {
    const value = node[key] as Json;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      visit(value, walk);
      continue;
    }
    if (key === 'CommonTableExpr' && typeof value.ctename === 'string') {
      walk.cteNames.add(value.ctename);
    } else if (key === 'A_Expr' && typeof value.kind === 'string' && value.kind !== 'AEXPR_OP') {
      walk.discriminator += `E${value.kind};`;
    } else if (key === 'SelectStmt') {
      if (value.limitCount !== undefined) walk.discriminator += 'L;';
      if (value.limitOffset !== undefined) walk.discriminator += 'O;';
    }
    visit(value, walk);
  }
}

/** Reads the statement kind, the relations and the fingerprint discriminator from a parse tree. */
export function analyzeParseTree(tree: unknown): ParseTreeFacts {
  const walk: Walk = { relations: [], cteNames: new Set(), discriminator: '' };
  visit(tree as Json, walk);
  const stmts = (tree as { stmts?: Array<{ stmt?: Record<string, unknown> }> }).stmts ?? [];
  const firstStatement = stmts[0]?.stmt;
  const statementKind = kindOfNode(firstStatement === undefined ? undefined : Object.keys(firstStatement)[0]);
  const seen = new Set<string>();
  const relations: string[] = [];
  for (const relation of walk.relations) {
    if (relation.schema === null && walk.cteNames.has(relation.name)) continue;
    if (seen.has(relation.qualified)) continue;
    seen.add(relation.qualified);
    relations.push(relation.qualified);
  }
  return { statementKind, relations, discriminator: walk.discriminator };
}
