import type { StatementKind } from '@shadowtune/shared/contracts/generated-types';

/** What capture reads from a libpg-query parse tree. */
export interface ParseTreeFacts {
  readonly statementKind: StatementKind;
  readonly relations: readonly string[];
  /**
   * 16 hex digits hashing the tree's structure: every node type, field and name, without
   * source locations, with each constant and bind parameter as one marker, each list made
   * only of them as another, and repeated VALUES rows of one shape as one row. Equal for
   * statements that differ only in constants; different for other schema names, operators,
   * expression kinds, LIMIT against OFFSET, join types, sort directions.
   */
  readonly structureHash: string;
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

// Source positions: not structure.
const POSITION_KEYS = new Set(['location', 'stmt_location', 'stmt_len', 'list_start', 'list_end', 'rexpr_list_start', 'rexpr_list_end', 'name_location']);

function kindOfNode(nodeType: string | undefined): StatementKind {
  if (nodeType === undefined) return 'OTHER';
  const dml = DML_KINDS[nodeType];
  if (dml !== undefined) return dml;
  if (nodeType.startsWith('Create') || nodeType.startsWith('Alter') || nodeType.startsWith('Drop') || DDL_NODES.has(nodeType)) return 'DDL';
  if (UTILITY_NODES.has(nodeType)) return 'UTILITY';
  return 'OTHER';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Walk {
  readonly relations: Array<{ schema: string | null; name: string; qualified: string }>;
  readonly cteNames: Set<string>;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A constant (not NULL), a bind parameter, or a cast of one: what a literal-free signature abstracts away. */
function isConstant(value: Json | undefined): boolean {
  if (value === undefined || !isObject(value)) return false;
  if (value.ParamRef !== undefined) return true;
  const constant = value.A_Const;
  if (constant !== undefined) return !(isObject(constant) && constant.isnull === true);
  const cast = value.TypeCast;
  return isObject(cast) && isConstant(cast.arg ?? undefined);
}

// Markers fed into the hash for what is not a name.
const OPEN_OBJECT = 1;
const CLOSE_OBJECT = 2;
const OPEN_ARRAY = 3;
const CLOSE_ARRAY = 4;
const CONSTANT = 5;
const CONSTANT_LIST = 6;
const NULL_CONSTANT = 7;
const NULL_VALUE = 8;
const TRUE_VALUE = 9;
const FALSE_VALUE = 10;
const STRING = 11;
const NUMBER = 12;
const KEY = 13;

/**
 * Two 32-bit multiplicative hash lanes fed while the tree is walked (no canonical text is
 * built: this runs for every statement the cache has not seen).
 */
class StructureHasher {
  h1 = 0;
  h2 = 0;

  reset(): void {
    this.h1 = 0x9e3779b9;
    this.h2 = 0x7f4a7c15;
  }

  code(value: number): void {
    this.h1 = Math.imul(this.h1 ^ value, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ value, 0x5bd1e995);
  }

  text(value: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < value.length; i += 1) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    // Length-terminated, so that adjacent texts cannot run together.
    this.h1 = Math.imul(h1 ^ (value.length + 0x10000), 0x01000193);
    this.h2 = Math.imul(h2 ^ (value.length + 0x10000), 0x5bd1e995);
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function visit(value: Json, walk: Walk, hasher: StructureHasher, key: string | null): void {
  if (value === null) return hasher.code(NULL_VALUE);
  switch (typeof value) {
    case 'string':
      hasher.code(STRING);
      return hasher.text(value);
    case 'number':
      hasher.code(NUMBER);
      return hasher.text(String(value));
    case 'boolean':
      return hasher.code(value ? TRUE_VALUE : FALSE_VALUE);
    default:
      break;
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => isConstant(item))) return hasher.code(CONSTANT_LIST);
    if (key === 'valuesLists') return visitRows(value, walk, hasher);
    hasher.code(OPEN_ARRAY);
    for (const item of value) visit(item, walk, hasher, null);
    return hasher.code(CLOSE_ARRAY);
  }
  const constant = value.A_Const;
  if (constant !== undefined) return hasher.code(isObject(constant) && constant.isnull === true ? NULL_CONSTANT : CONSTANT);
  if (value.ParamRef !== undefined) return hasher.code(CONSTANT);
  // RangeVar: wrapped as {"RangeVar": {...}} in lists, bare in fields such as InsertStmt.relation.
  if (typeof value.relname === 'string') {
    const schema = typeof value.schemaname === 'string' ? value.schemaname : null;
    const catalog = typeof value.catalogname === 'string' ? value.catalogname : null;
    const qualified = catalog === null && schema === null ? value.relname : [catalog, schema, value.relname].filter((part): part is string => part !== null).join('.');
    walk.relations.push({ schema, name: value.relname, qualified });
  }
  const cte = value.CommonTableExpr;
  if (isObject(cte) && typeof cte.ctename === 'string') walk.cteNames.add(cte.ctename);
  hasher.code(OPEN_OBJECT);
  for (const field in value) {
    if (POSITION_KEYS.has(field)) continue;
    hasher.code(KEY);
    hasher.text(field);
    visit(value[field] ?? null, walk, hasher, field);
  }
  hasher.code(CLOSE_OBJECT);
}

/** VALUES (..), (..): rows of one shape count as one row, as IN lists of constants count as one constant. */
function visitRows(rows: readonly Json[], walk: Walk, hasher: StructureHasher): void {
  const outer1 = hasher.h1;
  const outer2 = hasher.h2;
  const rowHashes: number[] = [];
  for (const row of rows) {
    hasher.reset();
    visit(row, walk, hasher, null);
    rowHashes.push(hasher.h1, hasher.h2);
  }
  hasher.h1 = outer1;
  hasher.h2 = outer2;
  let repeated = true;
  for (let i = 2; i < rowHashes.length; i += 1) if (rowHashes[i] !== rowHashes[i % 2]) repeated = false;
  hasher.code(OPEN_ARRAY);
  for (let i = 0; i < (repeated ? 2 : rowHashes.length); i += 1) hasher.code(rowHashes[i] ?? 0);
  hasher.code(CLOSE_ARRAY);
}

/** Reads the statement kind, the relations and the structure hash from a parse tree. */
export function analyzeParseTree(tree: unknown): ParseTreeFacts {
  const walk: Walk = { relations: [], cteNames: new Set() };
  const root = tree as { stmts?: Array<{ stmt?: Record<string, unknown> }> };
  const hasher = new StructureHasher();
  hasher.reset();
  visit((root.stmts ?? []) as Json, walk, hasher, 'stmts');
  const high = fmix(hasher.h1 ^ Math.imul(hasher.h2, 0x27d4eb2f));
  const low = fmix(hasher.h2 ^ Math.imul(high, 0x165667b1));
  const structureHash = high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
  const firstStatement = root.stmts?.[0]?.stmt;
  const statementKind = kindOfNode(firstStatement === undefined ? undefined : Object.keys(firstStatement)[0]);
  const seen = new Set<string>();
  const relations: string[] = [];
  for (const relation of walk.relations) {
    if (relation.schema === null && walk.cteNames.has(relation.name)) continue;
    if (seen.has(relation.qualified)) continue;
    seen.add(relation.qualified);
    relations.push(relation.qualified);
  }
  return { statementKind, relations, structureHash };
}
