import type {
  A_Const,
  A_Expr,
  BoolExpr,
  ColumnRef,
  CommonTableExpr,
  DeleteStmt,
  FuncCall,
  JoinExpr,
  NullTest,
  RangeSubselect,
  RangeVar,
  ResTarget,
  SelectStmt,
  SortBy,
  SubLink,
  TypeCast,
  UpdateStmt,
} from 'libpg-query';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { asList, bodyOf, lastName, namesOf, stringOf, tagged, type AstNode } from './ast-node.js';
import { walkAst } from './walk-ast.js';
import type {
  ColumnOf,
  ColumnWrapper,
  LeadingWildcard,
  LimitValue,
  NotInSubqueryFact,
  OperandKind,
  OrGroupFact,
  PredicateFact,
  QueryFacts,
  SortKeyFact,
  StarFact,
  TableReference,
} from './query-facts.js';

export interface CollectFactsOptions {
  readonly searchPath: readonly string[];
}

interface Scope {
  readonly id: number;
  readonly parent: Scope | null;
  readonly references: TableReference[];
  /** Aliases of derived tables, functions and CTEs: their columns are not in the model. */
  readonly derived: Set<string>;
  readonly ctes: ReadonlySet<string>;
}

interface Operand {
  readonly kind: OperandKind | 'wrapped-column' | 'plain-column';
  readonly column: ColumnOf | null;
  readonly wrapper: ColumnWrapper | null;
  readonly castType: string | null;
  readonly params: readonly number[];
  readonly node: unknown;
}

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
const AGGREGATES = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'every', 'json_agg', 'jsonb_agg',
  'json_object_agg', 'jsonb_object_agg', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'percentile_cont', 'percentile_disc', 'mode', 'bit_and', 'bit_or', 'xmlagg',
]);
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);
const RELABEL_TARGETS = new Set(['text', 'varchar', 'character varying']);

function typeNameText(cast: TypeCast): string {
  const names = namesOf(cast.typeName?.names).filter((n) => n !== 'pg_catalog');
  const base = names.join('.').toLowerCase();
  return (cast.typeName?.arrayBounds?.length ?? 0) > 0 ? `${base}[]` : base;
}

function paramsIn(node: unknown): number[] {
  const found: number[] = [];
  walkAst(node, (t) => {
    if (t.tag === 'ParamRef') found.push(Number((t.body as { number?: number }).number ?? 0));
  });
  return found;
}

function constString(node: unknown): string | null {
  const c = bodyOf<A_Const>(node, 'A_Const');
  if (c === null) return null;
  return c.sval?.sval ?? null;
}

function limitValueOf(node: unknown): LimitValue {
  if (node === undefined || node === null) return null;
  const c = bodyOf<A_Const>(node, 'A_Const');
  if (c !== null) {
    if (c.isnull) return null;
    if (c.ival !== undefined) return { kind: 'const', value: c.ival.ival ?? 0 };
    if (c.fval?.fval !== undefined) return { kind: 'const', value: Number(c.fval.fval) };
    return { kind: 'other' };
  }
  const cast = bodyOf<TypeCast>(node, 'TypeCast');
  if (cast !== null) return limitValueOf(cast.arg);
  const param = bodyOf<{ number?: number }>(node, 'ParamRef');
  if (param !== null) return { kind: 'param', position: param.number ?? 0 };
  return { kind: 'other' };
}

/** Whether a LIKE pattern expression starts with % or _ as far as the text shows. */
function leadingWildcardOf(pattern: unknown): LeadingWildcard {
  const text = constString(pattern);
  if (text !== null) return /^[%_]/.test(text) ? 'yes' : 'no';
  const cast = bodyOf<TypeCast>(pattern, 'TypeCast');
  if (cast !== null) return leadingWildcardOf(cast.arg);
  const expr = bodyOf<A_Expr>(pattern, 'A_Expr');
  if (expr !== null && lastName(expr.name) === '||') return leadingWildcardOf(expr.lexpr);
  const call = bodyOf<FuncCall>(pattern, 'FuncCall');
  if (call !== null && lastName(call.funcname) === 'concat') {
    const first = asList(call.args)[0];
    return first === undefined ? 'unknown' : leadingWildcardOf(first);
  }
  return 'unknown';
}

class FactCollector {
  private nextScope = 0;
  readonly references: TableReference[] = [];
  readonly unknownRelations: string[] = [];
  readonly unknownColumns: string[] = [];
  readonly predicates: PredicateFact[] = [];
  readonly orGroups: OrGroupFact[] = [];
  readonly notIn: NotInSubqueryFact[] = [];
  readonly stars: StarFact[] = [];
  sortKeys: SortKeyFact[] = [];
  groupColumns: ColumnOf[] = [];
  projectionColumns: ColumnOf[] = [];
  limit: LimitValue = null;
  offset: LimitValue = null;
  aggregatesOnly = false;
  hasGroupBy = false;
  complexTopLevel = false;
  readonly parameterTypes = new Map<number, string>();

  constructor(
    private readonly model: SchemaModel,
    private readonly options: CollectFactsOptions,
  ) {}

  newScope(parent: Scope | null, ctes: ReadonlySet<string>): Scope {
    return { id: this.nextScope++, parent, references: [], derived: new Set(), ctes };
  }

  addCtes(withClause: SelectStmt['withClause'], parent: Scope | null, ctes: ReadonlySet<string>): ReadonlySet<string> {
    if (withClause === undefined) return ctes;
    const names = new Set(ctes);
    for (const item of asList(withClause.ctes)) {
      const cte = bodyOf<CommonTableExpr>(item, 'CommonTableExpr');
      if (cte?.ctename) names.add(cte.ctename);
    }
    for (const item of asList(withClause.ctes)) {
      const cte = bodyOf<CommonTableExpr>(item, 'CommonTableExpr');
      if (cte?.ctequery !== undefined) this.statement(cte.ctequery, parent, names, false);
    }
    return names;
  }

  /** Any statement node that can appear as a subquery or CTE body. */
  statement(node: unknown, parent: Scope | null, ctes: ReadonlySet<string>, top: boolean): void {
    const t = tagged(node);
    if (t === null) return;
    if (t.tag === 'SelectStmt') this.select(t.body as SelectStmt, parent, ctes, top);
    else if (t.tag === 'UpdateStmt' || t.tag === 'DeleteStmt') this.modify(t.tag, t.body, parent, ctes);
    else this.subqueries(t.body, parent ?? this.newScope(null, ctes));
  }

  select(stmt: SelectStmt, parent: Scope | null, inheritedCtes: ReadonlySet<string>, top: boolean): void {
    const ctes = this.addCtes(stmt.withClause, parent, inheritedCtes);
    if (top && stmt.withClause !== undefined) this.complexTopLevel = true;
    if (stmt.op !== undefined && stmt.op !== 'SETOP_NONE') {
      if (top) {
        this.complexTopLevel = true;
        this.limit = limitValueOf(stmt.limitCount);
        this.offset = limitValueOf(stmt.limitOffset);
      }
      if (stmt.larg) this.select(stmt.larg, parent, ctes, false);
      if (stmt.rarg) this.select(stmt.rarg, parent, ctes, false);
      return;
    }
    if (stmt.valuesLists !== undefined) return;
    const scope = this.newScope(parent, ctes);
    for (const item of asList(stmt.fromClause)) this.fromItem(item, scope);

    let aggregates = false;
    for (const target of asList(stmt.targetList)) {
      const res = bodyOf<ResTarget>(target, 'ResTarget');
      if (res?.val === undefined) continue;
      const columnRef = bodyOf<ColumnRef>(res.val, 'ColumnRef');
      if (columnRef !== null && asList(columnRef.fields).some((f) => tagged(f)?.tag === 'A_Star')) {
        this.star(columnRef, scope, top);
        continue;
      }
      walkAst(res.val, (t) => {
        if (t.tag === 'FuncCall') {
          const call = t.body as FuncCall;
          if (call.over !== undefined) {
            if (top) this.complexTopLevel = true;
          } else if (AGGREGATES.has(lastName(call.funcname)) || call.agg_star) aggregates = true;
        }
        if (t.tag === 'SubLink') {
          this.subLink(t.body as SubLink, scope);
          return false;
        }
        if (t.tag === 'ColumnRef' && top) {
          const column = this.resolve(t.body as ColumnRef, scope, true);
          if (column !== null) this.projectionColumns.push(column);
        }
        return true;
      });
    }

    if (stmt.whereClause !== undefined) this.clause(stmt.whereClause, scope, true);
    if (stmt.havingClause !== undefined) this.subqueries(stmt.havingClause, scope);
    const groups: ColumnOf[] = [];
    for (const group of asList(stmt.groupClause)) {
      const ref = bodyOf<ColumnRef>(group, 'ColumnRef');
      const column = ref === null ? null : this.resolve(ref, scope, true);
      if (column !== null) groups.push(column);
    }
    if (top) {
      this.groupColumns = groups;
      this.hasGroupBy = asList(stmt.groupClause).length > 0;
      this.aggregatesOnly = aggregates && !this.hasGroupBy;
      if (stmt.distinctClause !== undefined) this.complexTopLevel = true;
      this.limit = limitValueOf(stmt.limitCount);
      this.offset = limitValueOf(stmt.limitOffset);
      this.sortKeys = asList(stmt.sortClause).map((item) => {
        const sortBy = bodyOf<SortBy>(item, 'SortBy');
        const ref = sortBy?.node === undefined ? null : bodyOf<ColumnRef>(sortBy.node, 'ColumnRef');
        return { column: ref === null ? null : this.resolve(ref, scope, true), descending: sortBy?.sortby_dir === 'SORTBY_DESC' };
      });
    }
    for (const value of [stmt.limitCount, stmt.limitOffset]) {
      for (const position of paramsIn(value)) this.parameterTypes.set(position, 'bigint');
    }
  }

  modify(tag: string, body: AstNode, parent: Scope | null, inheritedCtes: ReadonlySet<string>): void {
    const stmt = body as UpdateStmt & DeleteStmt;
    const ctes = this.addCtes(stmt.withClause, parent, inheritedCtes);
    const scope = this.newScope(parent, ctes);
    if (stmt.relation !== undefined) this.fromItem({ RangeVar: stmt.relation }, scope);
    for (const item of asList(tag === 'UpdateStmt' ? stmt.fromClause : stmt.usingClause)) this.fromItem(item, scope);
    if (stmt.whereClause !== undefined) this.clause(stmt.whereClause, scope, true);
    if (tag === 'UpdateStmt') for (const target of asList(stmt.targetList)) this.subqueries(target, scope);
  }

  fromItem(item: unknown, scope: Scope): void {
    const t = tagged(item);
    if (t === null) return;
    switch (t.tag) {
      case 'RangeVar': {
        const range = t.body as RangeVar;
        const name = range.relname ?? '';
        const alias = range.alias?.aliasname ?? name;
        const schema = range.schemaname ?? null;
        if (schema === null && scope.ctes.has(name)) {
          scope.derived.add(alias);
          return;
        }
        const table = findTable(this.model, schema, name, this.options.searchPath);
        if (table === null) {
          const system = (schema !== null && SYSTEM_SCHEMAS.has(schema)) || (schema === null && name.startsWith('pg_'));
          this.unknownRelations.push(system ? `pg_catalog.${name}` : schema === null ? name : `${schema}.${name}`);
        }
        const reference: TableReference = { alias, schema: table?.schema ?? schema, name, table, scope: scope.id };
        scope.references.push(reference);
        this.references.push(reference);
        return;
      }
      case 'JoinExpr': {
        const join = t.body as JoinExpr;
        this.fromItem(join.larg, scope);
        this.fromItem(join.rarg, scope);
        // Conditions of an outer join's ON clause do not filter the preserved side, but they are still join keys.
        if (join.quals !== undefined) this.clause(join.quals, scope, true);
        for (const using of asList(join.usingClause)) {
          const column = stringOf(using);
          if (column !== null) this.usingJoin(column, scope);
        }
        return;
      }
      case 'RangeSubselect': {
        const sub = t.body as RangeSubselect;
        if (sub.alias?.aliasname) scope.derived.add(sub.alias.aliasname);
        this.statement(sub.subquery, sub.lateral ? scope : scope.parent, scope.ctes, false);
        return;
      }
      default: {
        const alias = (t.body as { alias?: { aliasname?: string } }).alias?.aliasname;
        if (alias) scope.derived.add(alias);
        this.subqueries(t.body, scope);
      }
    }
  }

  usingJoin(column: string, scope: Scope): void {
    const holders = scope.references.filter((r) => r.table !== null && findColumn(r.table, column) !== null);
    const [left, right] = [holders[holders.length - 2], holders[holders.length - 1]];
    if (left === undefined || right === undefined) return;
    const l: ColumnOf = { reference: left, column };
    const r: ColumnOf = { reference: right, column };
    this.predicates.push(this.joinPredicate(scope, l, r, '=', null, true));
    this.predicates.push(this.joinPredicate(scope, r, l, '=', null, true));
  }

  star(ref: ColumnRef, scope: Scope, top: boolean): void {
    const names = namesOf(ref.fields);
    const references = names.length === 0 ? [...scope.references] : scope.references.filter((r) => r.alias === names[names.length - 1]);
    this.stars.push({ scope: scope.id, references, inOutput: top });
  }

  /** Resolves a column reference to a known table's column, or null (derived table, alias, unknown). */
  resolve(ref: ColumnRef, scope: Scope, mayBeOutputName: boolean): ColumnOf | null {
    const names = namesOf(ref.fields);
    if (names.length === 0 || names.length !== asList(ref.fields).length) return null;
    const column = names[names.length - 1]!;
    if (names.length >= 2) {
      const qualifier = names[names.length - 2]!;
      for (let s: Scope | null = scope; s !== null; s = s.parent) {
        if (s.derived.has(qualifier)) return null;
        const reference = s.references.find((r) => r.alias === qualifier);
        if (reference !== undefined) {
          if (reference.table === null) return null;
          if (findColumn(reference.table, column) === null) {
            if (reference.table.kind === 'table' || reference.table.kind === 'partitioned-table') this.unknownColumns.push(`${qualifier}.${column}`);
            return null;
          }
          return { reference, column };
        }
      }
      return null;
    }
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      const holder = s.references.find((r) => r.table !== null && findColumn(r.table, column) !== null);
      if (holder !== undefined) return { reference: holder, column };
      // The column may come from a derived table or an unknown relation: cannot tell.
      if (s.derived.size > 0 || s.references.some((r) => r.table === null)) return null;
    }
    if (!mayBeOutputName && scope.references.length > 0) this.unknownColumns.push(column);
    return null;
  }

  /** Columns of known tables inside an expression. */
  columnsIn(node: unknown, scope: Scope): ColumnOf[] {
    const found: ColumnOf[] = [];
    walkAst(node, (t) => {
      if (t.tag === 'SubLink') return false;
      if (t.tag === 'ColumnRef') {
        const column = this.resolve(t.body as ColumnRef, scope, false);
        if (column !== null) found.push(column);
      }
      return true;
    });
    return found;
  }

  operand(node: unknown, scope: Scope): Operand {
    const t = tagged(node);
    const base = { column: null, wrapper: null, castType: null, params: [] as number[], node };
    if (t === null) {
      if (Array.isArray(node)) return { ...base, kind: 'list', params: paramsIn(node) };
      return { ...base, kind: 'unknown' };
    }
    switch (t.tag) {
      case 'ColumnRef': {
        if (asList((t.body as ColumnRef).fields).some((f) => tagged(f)?.tag === 'A_Star')) return { ...base, kind: 'unknown' };
        const column = this.resolve(t.body as ColumnRef, scope, false);
        return column === null ? { ...base, kind: 'unknown' } : { ...base, kind: 'plain-column', column };
      }
      case 'ParamRef':
        return { ...base, kind: 'param', params: paramsIn(node) };
      case 'A_Const':
        return { ...base, kind: 'const' };
      case 'List':
        return { ...base, kind: 'list', params: paramsIn(node) };
      case 'SubLink':
        this.subLink(t.body as SubLink, scope);
        return { ...base, kind: 'subquery' };
      case 'TypeCast': {
        const cast = t.body as TypeCast;
        const inner = this.operand(cast.arg, scope);
        const type = typeNameText(cast);
        if (inner.kind === 'plain-column') {
          const model = inner.column!.reference.table === null ? null : findColumn(inner.column!.reference.table, inner.column!.column);
          // varchar::text only relabels the value: the column stays indexable, so it is not a wrapper.
          if (model !== null && RELABEL_TARGETS.has(type) && RELABEL_TARGETS.has(model.typeName)) return { ...inner, node };
          return { ...inner, kind: 'wrapped-column', wrapper: { kind: 'cast', name: type, expression: node as AstNode }, node };
        }
        if (inner.kind === 'wrapped-column') return { ...inner, wrapper: { ...inner.wrapper!, expression: node as AstNode }, node };
        return { ...inner, castType: type, node };
      }
      default: {
        const columns = this.columnsIn(node, scope);
        this.subqueries(node, scope);
        const params = paramsIn(node);
        if (columns.length === 0) return { ...base, kind: 'value-expression', params };
        const kind: ColumnWrapper['kind'] = t.tag === 'FuncCall' ? 'function' : t.tag === 'A_Expr' ? 'arithmetic' : 'expression';
        const name =
          t.tag === 'FuncCall' ? lastName((t.body as FuncCall).funcname) : t.tag === 'A_Expr' ? lastName((t.body as A_Expr).name) : t.tag;
        return { ...base, kind: 'wrapped-column', column: columns[0]!, wrapper: { kind, name, expression: node as AstNode }, params };
      }
    }
  }

  joinPredicate(scope: Scope, column: ColumnOf, other: ColumnOf, operator: string, wrapper: ColumnWrapper | null, topLevel: boolean): PredicateFact {
    return {
      scope: scope.id,
      column,
      operator,
      role: 'JOIN',
      wrapper,
      other: { kind: 'column', column: other, castType: null, params: [] },
      topLevel,
      leadingWildcard: null,
    };
  }

  /** Records the predicate(s) of `column-side operator other-side`. */
  compare(scope: Scope, left: Operand, right: Operand, operator: string, topLevel: boolean, out: PredicateFact[], leadingWildcard: LeadingWildcard | null = null): void {
    const isColumn = (o: Operand): boolean => o.kind === 'plain-column' || o.kind === 'wrapped-column';
    if (isColumn(left) && isColumn(right)) {
      if (left.column!.reference === right.column!.reference) return;
      out.push(this.joinPredicate(scope, left.column!, right.column!, operator, left.wrapper, topLevel));
      out.push(this.joinPredicate(scope, right.column!, left.column!, FLIPPED[operator] ?? operator, right.wrapper, topLevel));
      return;
    }
    let [columnSide, valueSide, op] = [left, right, operator];
    if (!isColumn(left)) {
      if (!isColumn(right)) return;
      [columnSide, valueSide, op] = [right, left, FLIPPED[operator] ?? operator];
    }
    const column = columnSide.column!;
    out.push({
      scope: scope.id,
      column,
      operator: op,
      role: 'FILTER',
      wrapper: columnSide.wrapper,
      other: { kind: valueSide.kind as OperandKind, column: null, castType: valueSide.castType, params: valueSide.params },
      topLevel,
      leadingWildcard,
    });
    if (columnSide.wrapper === null) this.inferParameterTypes(column, op, valueSide);
  }

  inferParameterTypes(column: ColumnOf, operator: string, value: Operand): void {
    const model = column.reference.table === null ? null : findColumn(column.reference.table, column.column);
    if (model === null) return;
    for (const position of value.params) {
      if (this.parameterTypes.has(position)) continue;
      if (value.castType !== null && value.kind === 'param') this.parameterTypes.set(position, value.castType);
      else if (operator === 'LIKE' || operator === 'ILIKE' || operator === 'NOT LIKE' || operator === 'NOT ILIKE') this.parameterTypes.set(position, 'text');
      else if (operator === 'ANY') this.parameterTypes.set(position, model.isArray ? model.dataType : `${model.dataType}[]`);
      else if (value.kind === 'param' || value.kind === 'list') this.parameterTypes.set(position, model.dataType);
    }
  }

  /** Collects the predicates of a boolean expression; `topLevel` = it is a conjunct of WHERE/ON. */
  clause(node: unknown, scope: Scope, topLevel: boolean, out: PredicateFact[] = this.predicates): void {
    const t = tagged(node);
    if (t === null) return;
    switch (t.tag) {
      case 'BoolExpr': {
        const bool = t.body as BoolExpr;
        const args = asList(bool.args);
        if (bool.boolop === 'AND_EXPR') {
          for (const arg of args) this.clause(arg, scope, topLevel, out);
        } else if (bool.boolop === 'OR_EXPR') {
          const arms: { columns: ColumnOf[]; predicates: PredicateFact[] }[] = [];
          for (const arg of args) {
            const predicates: PredicateFact[] = [];
            this.clause(arg, scope, false, predicates);
            arms.push({ columns: this.columnsIn(arg, scope), predicates });
            out.push(...predicates);
          }
          this.orGroups.push({ scope: scope.id, arms });
        } else {
          const negated = args[0];
          const sub = bodyOf<SubLink>(negated, 'SubLink');
          if (sub !== null && sub.subLinkType === 'ANY_SUBLINK') {
            this.notInSubquery(sub, scope);
            return;
          }
          this.clause(negated, scope, false, out);
        }
        return;
      }
      case 'A_Expr': {
        const expr = t.body as A_Expr;
        const op = lastName(expr.name);
        const left = this.operand(expr.lexpr, scope);
        switch (expr.kind) {
          case 'AEXPR_OP': {
            if (expr.lexpr === undefined) return;
            const right = this.operand(expr.rexpr, scope);
            this.compare(scope, left, right, op === '!=' ? '<>' : op, topLevel && COMPARISONS.has(op), out);
            return;
          }
          case 'AEXPR_OP_ANY':
            this.compare(scope, left, this.operand(expr.rexpr, scope), op === '=' ? 'ANY' : `${op} ANY`, topLevel, out);
            return;
          case 'AEXPR_OP_ALL':
            this.compare(scope, left, this.operand(expr.rexpr, scope), `${op} ALL`, topLevel, out);
            return;
          case 'AEXPR_IN':
            this.compare(scope, left, this.operand(expr.rexpr, scope), op === '=' ? 'IN' : 'NOT IN', topLevel, out);
            return;
          case 'AEXPR_LIKE':
          case 'AEXPR_ILIKE': {
            const name = `${op.startsWith('!') ? 'NOT ' : ''}${expr.kind === 'AEXPR_LIKE' ? 'LIKE' : 'ILIKE'}`;
            this.compare(scope, left, this.operand(expr.rexpr, scope), name, topLevel, out, leadingWildcardOf(expr.rexpr));
            return;
          }
          case 'AEXPR_BETWEEN':
          case 'AEXPR_BETWEEN_SYM':
            this.compare(scope, left, this.operand(expr.rexpr, scope), 'BETWEEN', topLevel, out);
            return;
          case 'AEXPR_NOT_BETWEEN':
          case 'AEXPR_NOT_BETWEEN_SYM':
            this.compare(scope, left, this.operand(expr.rexpr, scope), 'NOT BETWEEN', topLevel, out);
            return;
          case 'AEXPR_DISTINCT':
          case 'AEXPR_NOT_DISTINCT':
            this.compare(scope, left, this.operand(expr.rexpr, scope), expr.kind === 'AEXPR_DISTINCT' ? 'IS DISTINCT FROM' : 'IS NOT DISTINCT FROM', false, out);
            return;
          default:
            this.subqueries(node, scope);
            return;
        }
      }
      case 'NullTest': {
        const test = t.body as NullTest;
        const operand = this.operand(test.arg, scope);
        const value: Operand = { kind: 'const', column: null, wrapper: null, castType: null, params: [], node: null };
        this.compare(scope, operand, value, test.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL', topLevel, out);
        return;
      }
      case 'SubLink': {
        const sub = t.body as SubLink;
        if (sub.subLinkType === 'ANY_SUBLINK' && sub.testexpr !== undefined) {
          this.compare(scope, this.operand(sub.testexpr, scope), { kind: 'subquery', column: null, wrapper: null, castType: null, params: [], node }, 'IN', topLevel, out);
        }
        this.subLink(sub, scope);
        return;
      }
      default:
        this.subqueries(node, scope);
    }
  }

  notInSubquery(sub: SubLink, scope: Scope): void {
    const tested = sub.testexpr === undefined ? null : this.operand(sub.testexpr, scope);
    const before = this.references.length;
    this.subLink(sub, scope);
    let subqueryColumn: ColumnOf | null = null;
    const select = bodyOf<SelectStmt>(sub.subselect, 'SelectStmt');
    const target = bodyOf<ResTarget>(asList(select?.targetList)[0], 'ResTarget');
    const ref = target?.val === undefined ? null : bodyOf<ColumnRef>(target.val, 'ColumnRef');
    const added = this.references.slice(before);
    if (ref !== null && added.length >= 1) {
      const names = namesOf(ref.fields);
      const column = names[names.length - 1];
      const qualifier = names.length >= 2 ? names[names.length - 2] : undefined;
      const holder = added.find((r) => (qualifier === undefined || r.alias === qualifier) && r.table !== null && column !== undefined && findColumn(r.table, column) !== null);
      if (holder !== undefined && column !== undefined) subqueryColumn = { reference: holder, column };
    }
    this.notIn.push({ scope: scope.id, column: tested?.kind === 'plain-column' ? tested.column : null, subqueryColumn });
  }

  subLink(sub: SubLink, scope: Scope): void {
    if (sub.subselect !== undefined) this.statement(sub.subselect, scope, scope.ctes, false);
  }

  /** Processes the subqueries found anywhere inside an expression. */
  subqueries(node: unknown, scope: Scope): void {
    walkAst(node, (t) => {
      if (t.tag === 'SubLink') {
        const sub = t.body as SubLink;
        if (sub.subLinkType === 'ANY_SUBLINK' && sub.testexpr !== undefined) this.subqueries(sub.testexpr, scope);
        this.subLink(sub, scope);
        return false;
      }
      if (t.tag === 'SelectStmt') {
        this.select(t.body as SelectStmt, scope, scope.ctes, false);
        return false;
      }
      return true;
    });
  }
}

/**
 * Reads what the detectors need from one parsed statement: tables (resolved through the
 * schema model and search path), predicates with the column, operator, role and any
 * function or cast wrapped around the column, OR groups, NOT IN subqueries, stars, sort
 * keys, LIMIT/OFFSET and the type each placeholder is compared with.
 */
export function collectQueryFacts(statementKind: QueryFacts['statementKind'], statement: unknown, model: SchemaModel, options: CollectFactsOptions): QueryFacts {
  const collector = new FactCollector(model, options);
  collector.statement(statement, null, new Set(), true);
  const parameterCount = Math.max(0, ...paramsIn(statement));
  return {
    statementKind,
    references: collector.references,
    unknownRelations: [...new Set(collector.unknownRelations)],
    unknownColumns: [...new Set(collector.unknownColumns)],
    predicates: collector.predicates,
    orGroups: collector.orGroups,
    notInSubqueries: collector.notIn,
    stars: collector.stars,
    sortKeys: collector.sortKeys,
    groupColumns: collector.groupColumns,
    projectionColumns: collector.projectionColumns,
    limit: collector.limit,
    offset: collector.offset,
    aggregatesOnly: collector.aggregatesOnly,
    hasGroupBy: collector.hasGroupBy,
    complexTopLevel: collector.complexTopLevel,
    parameterTypes: collector.parameterTypes,
    parameterCount,
  };
}
