import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { DEFAULT_SEARCH_PATH, findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { parseStatements } from '@shadowtune/shared/sql/parse-statement';
import { bodyOf, isAstNode, listOf, namesOf, tagOf, type AstNode } from './ast-node.js';
import type {
  ColumnUse,
  FilterOperator,
  FilterUse,
  JoinUse,
  JsonKey,
  JsonKeyRead,
  MissingColumnUse,
  StatementUsage,
  TableName,
  WrittenColumn,
} from './statement-usage.js';

interface RangeEntry {
  readonly alias: string;
  readonly table: TableName;
  /** null: the schema model has no such table. */
  readonly model: TableModel | null;
}

interface Scope {
  readonly entries: RangeEntry[];
  /** Aliases of subqueries, CTEs and functions: their columns are not table columns. */
  readonly derived: Set<string>;
  readonly ctes: Set<string>;
  readonly parent: Scope | null;
}

type Operand =
  | { readonly kind: 'column'; readonly use: ColumnUse; readonly castType: string | null }
  | { readonly kind: 'missing'; readonly table: TableName; readonly tableKnown: boolean; readonly column: string; readonly castType: string | null }
  | { readonly kind: 'json'; readonly use: ColumnUse; readonly operator: '->>' | '->'; readonly key: JsonKey; readonly castType: string | null }
  | { readonly kind: 'param'; readonly params: readonly number[]; readonly castType: string | null }
  | { readonly kind: 'const' }
  | { readonly kind: 'other' };

type Role = 'projection' | 'order' | 'group' | null;

const RANGE_OPERATORS: Readonly<Record<string, 'lower' | 'upper'>> = { '>': 'lower', '>=': 'lower', '<': 'upper', '<=': 'upper' };
const FLIPPED: Readonly<Record<string, string>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

function castTypeOf(typeName: unknown): string {
  const names = namesOf((typeName as AstNode | undefined)?.names);
  return (names[names.length - 1] ?? '').toLowerCase();
}

class UsageCollector {
  readonly tables = new Map<string, TableName>();
  readonly missingTables = new Map<string, TableName>();
  readonly filters: FilterUse[] = [];
  readonly joins: JoinUse[] = [];
  readonly projections: ColumnUse[] = [];
  readonly stars: TableName[] = [];
  readonly orderBy: ColumnUse[] = [];
  readonly groupBy: ColumnUse[] = [];
  readonly jsonReads: JsonKeyRead[] = [];
  readonly missingColumns: MissingColumnUse[] = [];
  readonly writtenColumns: WrittenColumn[] = [];

  constructor(
    private readonly model: SchemaModel,
    private readonly searchPath: readonly string[],
  ) {}

  // ---- tables and scopes -------------------------------------------------------------

  entryOf(rangeVar: AstNode, scope: Scope | null): RangeEntry | 'cte' {
    const schema = typeof rangeVar.schemaname === 'string' ? rangeVar.schemaname : null;
    const name = String(rangeVar.relname ?? '');
    const alias = String((rangeVar.alias as AstNode | undefined)?.aliasname ?? name);
    if (schema === null) {
      for (let s: Scope | null = scope; s !== null; s = s.parent) if (s.ctes.has(name)) return 'cte';
    }
    const model = findTable(this.model, schema, name, this.searchPath);
    if (model !== null) {
      const table = { schema: model.schema, name: model.name };
      this.tables.set(`${table.schema}\u0000${table.name}`, table);
      return { alias, table, model };
    }
    const table = { schema: schema ?? this.searchPath.find((s) => s !== '$user') ?? 'public', name };
    this.missingTables.set(`${table.schema}\u0000${table.name}`, table);
    return { alias, table, model: null };
  }

  addFromItem(item: unknown, scope: Scope): void {
    const tagged = tagOf(item);
    if (tagged === null) return;
    const [tag, body] = tagged;
    if (tag === 'RangeVar') {
      const entry = this.entryOf(body, scope);
      if (entry === 'cte') scope.derived.add(String((body.alias as AstNode | undefined)?.aliasname ?? body.relname));
      else scope.entries.push(entry);
    } else if (tag === 'JoinExpr') {
      this.addFromItem(body.larg, scope);
      this.addFromItem(body.rarg, scope);
      const inner = body.jointype === 'JOIN_INNER' || body.jointype === undefined;
      if (body.quals !== undefined) this.predicate(body.quals, scope, inner);
      for (const column of namesOf(body.usingClause)) this.usingJoin(column, body.larg, body.rarg, scope);
    } else if (tag === 'RangeSubselect') {
      const alias = String((body.alias as AstNode | undefined)?.aliasname ?? '');
      if (alias) scope.derived.add(alias);
      this.statement(body.subquery, body.lateral === true ? scope : scope.parent);
    } else if (tag === 'RangeFunction') {
      const alias = String((body.alias as AstNode | undefined)?.aliasname ?? '');
      if (alias) scope.derived.add(alias);
      this.expression(body.functions, scope, null);
    }
  }

  private usingJoin(column: string, left: unknown, right: unknown, scope: Scope): void {
    const aliasOf = (node: unknown): string | null => {
      const rangeVar = bodyOf(node, 'RangeVar');
      return rangeVar ? String((rangeVar.alias as AstNode | undefined)?.aliasname ?? rangeVar.relname) : null;
    };
    const l = aliasOf(left);
    const r = aliasOf(right);
    if (l === null || r === null) return;
    const a = this.resolve([l, column], scope);
    const b = this.resolve([r, column], scope);
    if (a.kind === 'column' && b.kind === 'column') this.addJoin(a.use, b.use);
  }

  // ---- column references -------------------------------------------------------------

  resolve(fields: readonly string[], scope: Scope): Operand {
    const column = fields[fields.length - 1]!;
    if (fields.length >= 2) {
      const qualifier = fields[fields.length - 2]!;
      const schema = fields.length >= 3 ? fields[fields.length - 3]! : null;
      for (let s: Scope | null = scope; s !== null; s = s.parent) {
        if (schema === null && s.derived.has(qualifier)) return { kind: 'other' };
        const entry = s.entries.find((e) => (schema === null ? e.alias === qualifier : e.table.schema === schema && e.table.name === qualifier));
        if (entry) return this.columnOf(entry, column);
      }
      return { kind: 'other' };
    }
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      const owners = s.entries.filter((e) => e.model !== null && findColumn(e.model, column) !== null);
      if (owners.length === 1) return this.columnOf(owners[0]!, column);
      if (owners.length > 1) return { kind: 'other' };
    }
    // No table in sight has it: a column the schema lacks, when only one table could own it.
    if (scope.derived.size === 0 && scope.entries.length === 1) return this.columnOf(scope.entries[0]!, column);
    return { kind: 'other' };
  }

  private columnOf(entry: RangeEntry, column: string): Operand {
    if (entry.model !== null && findColumn(entry.model, column) !== null) return { kind: 'column', use: { table: entry.table, column }, castType: null };
    return { kind: 'missing', table: entry.table, tableKnown: entry.model !== null, column, castType: null };
  }

  operand(node: unknown, scope: Scope): Operand {
    const tagged = tagOf(node);
    if (tagged === null) return { kind: 'other' };
    const [tag, body] = tagged;
    switch (tag) {
      case 'ColumnRef': {
        const fields = listOf(body.fields);
        if (fields.some((f) => bodyOf(f, 'A_Star') !== null)) return { kind: 'other' };
        return this.resolve(namesOf(fields), scope);
      }
      case 'ParamRef':
        return { kind: 'param', params: [Number(body.number)], castType: null };
      case 'A_Const':
        return { kind: 'const' };
      case 'TypeCast': {
        const inner = this.operand(body.arg, scope);
        const castType = castTypeOf(body.typeName);
        if (inner.kind === 'column' || inner.kind === 'missing' || inner.kind === 'json' || inner.kind === 'param') return { ...inner, castType };
        return inner;
      }
      case 'A_Expr': {
        const operator = namesOf(body.name)[0];
        if (body.kind === 'AEXPR_OP' && (operator === '->>' || operator === '->')) {
          const target = this.operand(body.lexpr, scope);
          const key = this.jsonKey(body.rexpr);
          if (target.kind === 'column' && target.castType === null && key !== null) return { kind: 'json', use: target.use, operator, key, castType: null };
        }
        return { kind: 'other' };
      }
      default:
        return { kind: 'other' };
    }
  }

  private jsonKey(node: unknown): JsonKey | null {
    const cast = bodyOf(node, 'TypeCast');
    if (cast) return this.jsonKey(cast.arg);
    const param = bodyOf(node, 'ParamRef');
    if (param) return { kind: 'param', position: Number(param.number) };
    const constant = bodyOf(node, 'A_Const');
    const text = (constant?.sval as AstNode | undefined)?.sval;
    if (typeof text === 'string') return { kind: 'literal', value: text };
    return null;
  }

  // ---- predicates ----------------------------------------------------------------------

  predicate(node: unknown, scope: Scope, topLevel: boolean): void {
    const tagged = tagOf(node);
    if (tagged === null) return this.expression(node, scope, null);
    const [tag, body] = tagged;
    if (tag === 'BoolExpr') {
      const and = body.boolop === 'AND_EXPR';
      for (const arg of listOf(body.args)) this.predicate(arg, scope, topLevel && and);
      return;
    }
    if (tag === 'NullTest') {
      const target = this.operand(body.arg, scope);
      if (!this.recordFilter(target, 'null', null, [], topLevel)) this.expression(body.arg, scope, null);
      return;
    }
    if (tag === 'A_Expr') return this.comparison(body, scope, topLevel);
    this.expression(node, scope, null);
  }

  private comparison(body: AstNode, scope: Scope, topLevel: boolean): void {
    const operator = namesOf(body.name)[0] ?? '';
    const kind = String(body.kind);
    const left = this.operand(body.lexpr, scope);
    if (kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') {
      const params = this.paramsIn(body.rexpr);
      if (!this.recordFilter(left, operator === '<>' ? 'other' : 'in', null, params, topLevel)) this.expression(body.lexpr, scope, null);
      this.expression(body.rexpr, scope, null);
      return;
    }
    if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM') {
      const params = this.paramsIn(body.rexpr);
      const op: FilterOperator = kind === 'AEXPR_NOT_BETWEEN' ? 'other' : 'range';
      if (!this.recordFilter(left, op, op === 'range' ? 'both' : null, params, topLevel)) this.expression(body.lexpr, scope, null);
      this.expression(body.rexpr, scope, null);
      return;
    }
    if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') {
      const right = this.operand(body.rexpr, scope);
      const params = right.kind === 'param' ? right.params : [];
      if (!this.recordFilter(left, 'like', null, params, topLevel)) this.expression(body.lexpr, scope, null);
      this.expression(body.rexpr, scope, null);
      return;
    }
    if (kind !== 'AEXPR_OP') return this.expression(body, scope, null);
    const right = this.operand(body.rexpr, scope);
    if (operator === '=' && left.kind === 'column' && right.kind === 'column') {
      if (left.castType === null && right.castType === null) this.addJoin(left.use, right.use);
      return;
    }
    if (operator === '=' && (left.kind === 'missing' || right.kind === 'missing')) {
      const missing = (left.kind === 'missing' ? left : right) as Extract<Operand, { kind: 'missing' }>;
      const other = left.kind === 'missing' ? right : left;
      this.missingColumns.push({
        table: missing.table,
        tableKnown: missing.tableKnown,
        column: missing.column,
        params: other.kind === 'param' ? other.params : [],
        joinedWith: other.kind === 'column' ? other.use : null,
        castType: missing.castType ?? (other.kind === 'param' ? other.castType : null),
      });
      return;
    }
    const [subject, other, op] = this.isSubject(left) ? [left, right, operator] : this.isSubject(right) ? [right, left, FLIPPED[operator] ?? operator] : [null, null, operator];
    if (subject !== null && other !== null && (other.kind === 'param' || other.kind === 'const')) {
      const params = other.kind === 'param' ? other.params : [];
      const filterOperator: FilterOperator = op === '=' ? 'eq' : RANGE_OPERATORS[op] ? 'range' : op === '~~' || op === '~~*' ? 'like' : 'other';
      this.recordFilter(subject, filterOperator, RANGE_OPERATORS[op] ?? null, params, topLevel);
      return;
    }
    this.expression(body.lexpr, scope, null);
    this.expression(body.rexpr, scope, null);
  }

  private isSubject(operand: Operand): boolean {
    return operand.kind === 'column' || operand.kind === 'missing' || operand.kind === 'json';
  }

  private paramsIn(node: unknown): number[] {
    const params: number[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (!isAstNode(value)) return;
      const param = bodyOf(value, 'ParamRef');
      if (param) {
        params.push(Number(param.number));
        return;
      }
      for (const child of Object.values(value)) visit(child);
    };
    visit(node);
    return params;
  }

  /** Records a filter on a column, JSON read or missing column; false when the subject is none of these. */
  private recordFilter(subject: Operand, operator: FilterOperator, bound: FilterUse['bound'], params: readonly number[], topLevel: boolean): boolean {
    if (subject.kind === 'column') {
      this.filters.push({ column: subject.use, operator, bound, params, castType: subject.castType, topLevel });
      return true;
    }
    if (subject.kind === 'json') {
      this.jsonReads.push({ column: subject.use, operator: subject.operator, key: subject.key, role: 'filter', comparedParams: params, filterOperator: operator, castType: subject.castType });
      return true;
    }
    if (subject.kind === 'missing') {
      this.missingColumns.push({ table: subject.table, tableKnown: subject.tableKnown, column: subject.column, params, joinedWith: null, castType: subject.castType });
      return true;
    }
    return false;
  }

  private addJoin(a: ColumnUse, b: ColumnUse): void {
    if (a.table.schema === b.table.schema && a.table.name === b.table.name) return;
    this.joins.push({ left: a, right: b });
  }

  // ---- other expressions ---------------------------------------------------------------

  /** Walks an expression for column uses (in a role), JSON reads, missing columns and subqueries. */
  expression(node: unknown, scope: Scope, role: Role): void {
    if (Array.isArray(node)) {
      for (const item of node) this.expression(item, scope, role);
      return;
    }
    const tagged = tagOf(node);
    if (tagged === null) {
      if (isAstNode(node)) for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) this.expression(child, scope, role);
      return;
    }
    const [tag, body] = tagged;
    if (tag === 'SubLink') {
      if (body.testexpr !== undefined) this.expression(body.testexpr, scope, role);
      this.statement(body.subselect, scope);
      return;
    }
    if (tag === 'ColumnRef' || tag === 'A_Expr' || tag === 'TypeCast') {
      const operand = this.operand(node, scope);
      if (operand.kind === 'column') {
        this.recordRole(operand.use, role);
        return;
      }
      if (operand.kind === 'json') {
        if (role !== null) this.jsonReads.push({ column: operand.use, operator: operand.operator, key: operand.key, role, comparedParams: [], filterOperator: null, castType: operand.castType });
        return;
      }
      if (operand.kind === 'missing') {
        this.missingColumns.push({ table: operand.table, tableKnown: operand.tableKnown, column: operand.column, params: [], joinedWith: null, castType: operand.castType });
        return;
      }
      if (tag === 'ColumnRef') {
        const fields = listOf(body.fields);
        if (fields.some((f) => bodyOf(f, 'A_Star') !== null) && role === 'projection') this.star(namesOf(fields), scope);
        return;
      }
    }
    for (const child of Object.values(body)) if (typeof child === 'object' && child !== null) this.expression(child, scope, role);
  }

  private recordRole(use: ColumnUse, role: Role): void {
    if (role === 'projection') this.projections.push(use);
    else if (role === 'order') this.orderBy.push(use);
    else if (role === 'group') this.groupBy.push(use);
  }

  private star(qualifier: readonly string[], scope: Scope): void {
    if (qualifier.length === 0) {
      for (const entry of scope.entries) this.stars.push(entry.table);
      return;
    }
    const entry = scope.entries.find((e) => e.alias === qualifier[qualifier.length - 1]);
    if (entry) this.stars.push(entry.table);
  }

  // ---- statements ----------------------------------------------------------------------

  statement(node: unknown, parent: Scope | null): void {
    const tagged = tagOf(node);
    if (tagged === null) return;
    const [tag, body] = tagged;
    if (tag === 'SelectStmt') this.select(body, parent);
    else if (tag === 'InsertStmt') this.insert(body, parent);
    else if (tag === 'UpdateStmt') this.update(body, parent);
    else if (tag === 'DeleteStmt') this.delete(body, parent);
  }

  private newScope(parent: Scope | null, withClause: unknown): Scope {
    const scope: Scope = { entries: [], derived: new Set(), ctes: new Set(), parent };
    for (const cte of listOf((withClause as AstNode | undefined)?.ctes)) {
      const body = bodyOf(cte, 'CommonTableExpr');
      if (!body) continue;
      scope.ctes.add(String(body.ctename));
      this.statement(body.ctequery, scope);
    }
    return scope;
  }

  private select(body: AstNode, parent: Scope | null): void {
    if (body.op !== undefined && body.op !== 'SETOP_NONE') {
      const scope = this.newScope(parent, body.withClause);
      this.statement({ SelectStmt: body.larg }, scope);
      this.statement({ SelectStmt: body.rarg }, scope);
      return;
    }
    const scope = this.newScope(parent, body.withClause);
    for (const item of listOf(body.fromClause)) this.addFromItem(item, scope);
    if (body.whereClause !== undefined) this.predicate(body.whereClause, scope, true);
    if (body.havingClause !== undefined) this.expression(body.havingClause, scope, null);
    for (const target of listOf(body.targetList)) this.expression((bodyOf(target, 'ResTarget') ?? {}).val, scope, 'projection');
    for (const sort of listOf(body.sortClause)) this.expression((bodyOf(sort, 'SortBy') ?? {}).node, scope, 'order');
    for (const group of listOf(body.groupClause)) this.expression(group, scope, 'group');
    for (const row of listOf(body.valuesLists)) this.expression(row, scope, null);
  }

  private insert(body: AstNode, parent: Scope | null): void {
    const scope = this.newScope(parent, body.withClause);
    const entry = this.entryOf((body.relation ?? {}) as AstNode, scope);
    if (entry === 'cte') return;
    const columns = listOf(body.cols).map((c) => String((bodyOf(c, 'ResTarget') ?? {}).name ?? ''));
    const select = bodyOf(body.selectStmt, 'SelectStmt');
    const firstRow = select ? listOf((bodyOf(listOf(select.valuesLists)[0], 'List') ?? {}).items) : [];
    columns.forEach((column, i) => {
      const value = this.operand(firstRow[i], scope);
      const params = value.kind === 'param' ? value.params : [];
      const castType = value.kind === 'param' ? value.castType : null;
      if (entry.model !== null && findColumn(entry.model, column) !== null) {
        this.writtenColumns.push({ table: entry.table, column, params });
      } else {
        this.missingColumns.push({ table: entry.table, tableKnown: entry.model !== null, column, params, joinedWith: null, castType });
      }
    });
    if (select && listOf(select.valuesLists).length === 0) this.statement(body.selectStmt, scope);
    const targetScope: Scope = { entries: [entry], derived: new Set(), ctes: new Set(), parent: scope };
    for (const target of listOf(body.returningList)) this.expression((bodyOf(target, 'ResTarget') ?? {}).val, targetScope, 'projection');
  }

  private update(body: AstNode, parent: Scope | null): void {
    const scope = this.newScope(parent, body.withClause);
    this.addFromItem({ RangeVar: body.relation }, scope);
    for (const item of listOf(body.fromClause)) this.addFromItem(item, scope);
    const target = scope.entries[0];
    for (const item of listOf(body.targetList)) {
      const res = bodyOf(item, 'ResTarget') ?? {};
      const column = String(res.name ?? '');
      const value = this.operand(res.val, scope);
      if (target) {
        if (target.model !== null && findColumn(target.model, column) !== null) {
          this.writtenColumns.push({ table: target.table, column, params: value.kind === 'param' ? value.params : [] });
        }
        else {
          this.missingColumns.push({
            table: target.table,
            tableKnown: target.model !== null,
            column,
            params: value.kind === 'param' ? value.params : [],
            joinedWith: null,
            castType: value.kind === 'param' ? value.castType : null,
          });
        }
      }
      if (value.kind !== 'param') this.expression(res.val, scope, null);
    }
    if (body.whereClause !== undefined) this.predicate(body.whereClause, scope, true);
    for (const item of listOf(body.returningList)) this.expression((bodyOf(item, 'ResTarget') ?? {}).val, scope, 'projection');
  }

  private delete(body: AstNode, parent: Scope | null): void {
    const scope = this.newScope(parent, body.withClause);
    this.addFromItem({ RangeVar: body.relation }, scope);
    for (const item of listOf(body.usingClause)) this.addFromItem(item, scope);
    if (body.whereClause !== undefined) this.predicate(body.whereClause, scope, true);
    for (const item of listOf(body.returningList)) this.expression((bodyOf(item, 'ResTarget') ?? {}).val, scope, 'projection');
  }
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** One entry per missing column, with every placeholder and hint seen for it. */
function mergeMissingColumns(uses: readonly MissingColumnUse[]): MissingColumnUse[] {
  const merged = new Map<string, MissingColumnUse>();
  for (const use of uses) {
    const key = `${tableKey(use.table)}\u0000${use.column}`;
    const known = merged.get(key);
    merged.set(
      key,
      known === undefined
        ? use
        : {
            ...known,
            params: [...new Set([...known.params, ...use.params])],
            joinedWith: known.joinedWith ?? use.joinedWith,
            castType: known.castType ?? use.castType,
          },
    );
  }
  return [...merged.values()];
}

const columnKey = (use: ColumnUse): string => `${use.table.schema}\u0000${use.table.name}\u0000${use.column}`;
const tableKey = (table: TableName): string => `${table.schema}\u0000${table.name}`;

const KINDS: Readonly<Record<string, StatementUsage['kind']>> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
};

/**
 * Reads what one statement (a signature's normalized SQL) does with the schema: tables,
 * filtered columns and how, join predicates, output/sort/group columns, JSON keys read
 * from jsonb columns, casts of columns, and columns or tables the schema lacks. Names are
 * resolved against the model like the server would (aliases, search path, correlated
 * subqueries); what cannot be attributed to one table (derived tables, ambiguous names)
 * is left out. The SQL parser must be loaded (loadSqlParser()).
 */
export function extractStatementUsage(sql: string, model: SchemaModel, searchPath: readonly string[] = DEFAULT_SEARCH_PATH): StatementUsage {
  let statements;
  try {
    statements = parseStatements(sql);
  } catch {
    throw new ShadowtuneError('STATEMENT_UNPARSABLE', 'the statement does not parse with the PostgreSQL grammar', { sql });
  }
  const statement = statements[0];
  if (statements.length !== 1 || statement === undefined) {
    throw new ShadowtuneError('INPUT_INVALID', `expected one statement, got ${statements.length}`, { sql });
  }
  const collector = new UsageCollector(model, searchPath);
  collector.statement(statement, null);
  const kind = KINDS[Object.keys(statement)[0] ?? ''] ?? 'OTHER';
  return {
    kind,
    tables: [...collector.tables.values()],
    missingTables: [...collector.missingTables.values()],
    filters: uniqueBy(collector.filters, (f) => `${columnKey(f.column)}\u0000${f.operator}\u0000${f.bound}\u0000${f.castType}\u0000${f.params.join(',')}`),
    joins: uniqueBy(collector.joins, (j) => [columnKey(j.left), columnKey(j.right)].sort().join('\u0001')),
    projections: uniqueBy(collector.projections, columnKey),
    stars: uniqueBy(collector.stars, tableKey),
    orderBy: uniqueBy(collector.orderBy, columnKey),
    groupBy: uniqueBy(collector.groupBy, columnKey),
    jsonReads: uniqueBy(collector.jsonReads, (r) => `${columnKey(r.column)}\u0000${r.operator}\u0000${JSON.stringify(r.key)}\u0000${r.role}`),
    missingColumns: mergeMissingColumns(collector.missingColumns),
    writtenColumns: uniqueBy(collector.writtenColumns, columnKey),
  };
}
