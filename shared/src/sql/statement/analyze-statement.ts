import { ShadowtuneError } from '../../errors/shadowtune-error.js';
import { findColumn, findTable } from '../../schema-model/find-table.js';
import type { SchemaModel } from '../../schema-model/schema-model.js';
import { parseStatements } from '../parse-statement.js';
import { renderExpression } from './render-expression.js';
import type { ParameterBinding, Predicate, PredicateKind, SortKey, StatementShape, TableUse, Target } from './statement-shape.js';

type Node = Readonly<Record<string, unknown>>;

const COMPARISONS = new Set(['=', '<', '<=', '>', '>=', '<>', '!=']);
const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function entry(value: unknown): [string, Node] {
  if (typeof value !== 'object' || value === null) return ['', {}];
  const [kind, body] = Object.entries(value as Node)[0] ?? ['', {}];
  return [kind, (body ?? {}) as Node];
}

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) => {
    const [kind, body] = entry(item);
    return kind === 'String' ? String(body.sval ?? '') : '';
  });
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Placeholders below a node (not inside subqueries unless `intoSubqueries`). */
function paramsIn(node: unknown, out: number[] = [], intoSubqueries = false): number[] {
  if (Array.isArray(node)) {
    for (const item of node) paramsIn(item, out, intoSubqueries);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node as Node)) {
      if (key === 'ParamRef') out.push(Number((value as Node).number));
      else if (intoSubqueries || key !== 'SubLink') paramsIn(value, out, intoSubqueries);
    }
  }
  return out;
}

function wrapperOf(node: unknown): string {
  const [kind, body] = entry(node);
  if (kind === 'FuncCall') return names(body.funcname).join('.');
  if (kind === 'TypeCast') return `::${names((body.typeName as Node | undefined)?.names).filter((n) => n !== 'pg_catalog').join('.')}`;
  if (kind === 'A_Expr') return names(body.name).join('');
  if (kind === 'CoalesceExpr') return 'coalesce';
  return kind;
}

/** The bare placeholder of a side (`$1`, `$1::date`), or null when the side is more than that. */
function bareParam(node: unknown): number | null {
  const [kind, body] = entry(node);
  if (kind === 'ParamRef') return Number(body.number);
  if (kind === 'TypeCast') return bareParam(body.arg);
  return null;
}

/**
 * Reads one statement (SELECT, INSERT, UPDATE, DELETE) with PostgreSQL's own grammar and
 * says which tables it reads, which column (or expression) each predicate compares and
 * how, the sort order, LIMIT/OFFSET, the columns read per table and what every $n
 * placeholder is bound to. Tables and unqualified columns are resolved against the schema
 * model when one is given. The parser must be loaded (loadSqlParser()).
 */
export function analyzeStatement(sql: string, model: SchemaModel | null): StatementShape {
  let statements;
  try {
    statements = parseStatements(sql);
  } catch (error) {
    throw new ShadowtuneError('STATEMENT_UNPARSABLE', 'statement does not parse', { cause: error, sql });
  }
  if (statements.length !== 1) throw new ShadowtuneError('INPUT_INVALID', `expected one statement, got ${statements.length}`, { sql });

  const tables: TableUse[] = [];
  const predicates: Predicate[] = [];
  const orGroups: { scope: number; arms: Predicate[][] }[] = [];
  const bindings = new Map<number, ParameterBinding>();
  const referenced = new Map<string, Set<string>>();
  const starTables = new Set<string>();
  const unknownRelations: string[] = [];
  const groupBy: Target[] = [];
  let sort: SortKey[] = [];
  let hasLimit = false;
  let hasOffset = false;
  let complexTopLevel = false;
  let nextScope = 0;

  /** The tables visible at a select level: its own, then the enclosing levels' (correlation). */
  type Chain = readonly (readonly TableUse[])[];

  const bind = (binding: ParameterBinding): void => {
    if (!bindings.has(binding.position) || bindings.get(binding.position)!.role === 'other') bindings.set(binding.position, binding);
  };

  const addTable = (schemaName: string | null, relname: string, alias: string | null, scope: number, own: TableUse[]): TableUse => {
    const table = model ? findTable(model, schemaName, relname) : null;
    if (model && !table) unknownRelations.push(schemaName ? `${schemaName}.${relname}` : relname);
    const use: TableUse = {
      id: `${scope}:${alias ?? relname}`,
      alias: alias ?? relname,
      schema: table?.schema ?? schemaName ?? 'public',
      name: table?.name ?? relname,
      table,
      scope,
    };
    tables.push(use);
    own.push(use);
    return use;
  };

  const resolve = (fields: readonly string[], chain: Chain): { tableId: string; column: string } | null => {
    if (fields.length === 0) return null;
    const column = fields[fields.length - 1]!;
    if (fields.length >= 2) {
      const alias = fields[fields.length - 2]!;
      for (const level of chain) {
        const use = level.find((t) => t.alias === alias);
        if (use) return { tableId: use.id, column };
      }
      return null;
    }
    for (const level of chain) {
      const withColumn = level.filter((t) => t.table !== null && findColumn(t.table, column) !== null);
      if (withColumn.length === 1) return { tableId: withColumn[0]!.id, column };
      if (withColumn.length > 1) return null; // ambiguous: the server would refuse it too
      if (level.length === 1 && level[0]!.table === null) return { tableId: level[0]!.id, column };
    }
    return null;
  };

  const reference = (tableId: string, column: string): void => {
    let set = referenced.get(tableId);
    if (!set) referenced.set(tableId, (set = new Set()));
    set.add(column);
  };

  /** A side of a comparison as a target: one column, or an expression over one table's columns. */
  const targetOf = (node: unknown, chain: Chain): Target | null => {
    const [kind, body] = entry(node);
    if (kind === 'ColumnRef') {
      const resolved = resolve(names(body.fields), chain);
      return resolved ? { kind: 'column', tableId: resolved.tableId, column: resolved.column } : null;
    }
    if (!['FuncCall', 'TypeCast', 'A_Expr', 'CoalesceExpr'].includes(kind)) return null;
    const rendered = renderExpression(node, (fields) => resolve(fields, chain));
    if (!rendered || rendered.columns.length === 0) return null;
    const tableIds = new Set(rendered.columns.map((c) => c.tableId));
    if (tableIds.size !== 1) return null;
    return {
      kind: 'expression',
      tableId: rendered.columns[0]!.tableId,
      columns: [...new Set(rendered.columns.map((c) => c.column))],
      sql: rendered.sql,
      wrapper: wrapperOf(node),
    };
  };

  /** Tables whose columns a node reads. */
  const tablesIn = (node: unknown, chain: Chain, out = new Set<string>()): Set<string> => {
    if (Array.isArray(node)) {
      for (const item of node) tablesIn(item, chain, out);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node as Node)) {
        if (key === 'ColumnRef') {
          const resolved = resolve(names((value as Node).fields), chain);
          if (resolved) out.add(resolved.tableId);
          else out.add('?');
        } else if (key !== 'SubLink') tablesIn(value, chain, out);
      }
    }
    return out;
  };

  /** Walks any expression: column references, stars, placeholders, subqueries. */
  const walkExpression = (node: unknown, chain: Chain, scope: number): void => {
    if (Array.isArray(node)) {
      for (const item of node) walkExpression(item, chain, scope);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node as Node)) {
      const body = (value ?? {}) as Node;
      if (key === 'ColumnRef') {
        const fields = names(body.fields);
        if (fields.length > 0 && fields[fields.length - 1] === '') {
          // `*` or `alias.*`
          const alias = fields.length >= 2 ? fields[fields.length - 2] : null;
          for (const use of chain[0] ?? []) if (alias === null || use.alias === alias) starTables.add(use.id);
        } else {
          const resolved = resolve(fields, chain);
          if (resolved) reference(resolved.tableId, resolved.column);
        }
      } else if (key === 'ParamRef') {
        bind({ position: Number(body.number), role: 'other', target: null, operator: null, bound: null });
      } else if (key === 'SubLink') {
        walkExpression(body.testexpr, chain, scope);
        walkSelect(body.subselect, chain, false);
      } else {
        walkExpression(value, chain, scope);
      }
    }
  };

  const makePredicate = (target: Target, operator: string, kind: PredicateKind, params: number[], other: Predicate['other'], conjunct: boolean, scope: number): Predicate => ({
    target,
    operator,
    kind,
    params,
    other,
    conjunct,
    scope,
  });

  /** Reads a comparison; returns the predicates it makes (0, 1, or 2 for a join). */
  const comparison = (expr: Node, chain: Chain, scope: number, conjunct: boolean): Predicate[] => {
    const kind = String(expr.kind);
    const op = names(expr.name).join('');
    walkExpression(expr.lexpr, chain, scope);
    walkExpression(expr.rexpr, chain, scope);
    const left = targetOf(expr.lexpr, chain);
    if (kind === 'AEXPR_IN') {
      if (!left) return [];
      const items = list((entry(expr.rexpr)[1]).items);
      const params = items.map(bareParam).filter((p): p is number => p !== null);
      for (const p of params) bind({ position: p, role: 'compare', target: left, operator: op === '=' ? 'IN' : 'NOT IN', bound: null });
      return [makePredicate(left, op === '=' ? 'IN' : 'NOT IN', op === '=' ? 'equality' : 'other', params, null, conjunct, scope)];
    }
    if (kind === 'AEXPR_OP_ANY' || kind === 'AEXPR_OP_ALL') {
      if (!left) return [];
      const param = bareParam(expr.rexpr);
      if (param !== null) bind({ position: param, role: 'array', target: left, operator: `${op} ${kind === 'AEXPR_OP_ANY' ? 'ANY' : 'ALL'}`, bound: null });
      const isEquality = op === '=' && kind === 'AEXPR_OP_ANY';
      return [makePredicate(left, isEquality ? 'ANY' : `${op} ALL`, isEquality ? 'equality' : 'other', param === null ? [] : [param], null, conjunct, scope)];
    }
    if (kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN' || kind === 'AEXPR_BETWEEN_SYM' || kind === 'AEXPR_NOT_BETWEEN_SYM') {
      if (!left) return [];
      const [low, high] = list((entry(expr.rexpr)[1]).items).map(bareParam);
      const params: number[] = [];
      if (low !== null && low !== undefined) {
        params.push(low);
        bind({ position: low, role: 'compare', target: left, operator: 'BETWEEN', bound: 'low' });
      }
      if (high !== null && high !== undefined) {
        params.push(high);
        bind({ position: high, role: 'compare', target: left, operator: 'BETWEEN', bound: 'high' });
      }
      const positive = kind === 'AEXPR_BETWEEN';
      return [makePredicate(left, positive ? 'BETWEEN' : 'NOT BETWEEN', positive ? 'range' : 'other', params, null, conjunct, scope)];
    }
    if (kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') {
      if (!left) return [];
      const param = bareParam(expr.rexpr);
      const negated = op.startsWith('!');
      const operator = `${negated ? 'NOT ' : ''}${kind === 'AEXPR_ILIKE' ? 'ILIKE' : 'LIKE'}`;
      if (param !== null) bind({ position: param, role: 'like', target: left, operator, bound: null });
      return [makePredicate(left, operator, negated ? 'other' : 'like', param === null ? [] : [param], null, conjunct, scope)];
    }
    if (kind !== 'AEXPR_OP' || !COMPARISONS.has(op)) return [];
    const right = targetOf(expr.rexpr, chain);
    if (left && right && left.tableId !== right.tableId) {
      if (left.kind === 'column' && right.kind === 'column' && op === '=') {
        return [
          makePredicate(left, '=', 'join', [], { tableId: right.tableId, column: right.column }, conjunct, scope),
          makePredicate(right, '=', 'join', [], { tableId: left.tableId, column: left.column }, conjunct, scope),
        ];
      }
      return [];
    }
    const pick = (target: Target | null, otherSide: unknown, operator: string): Predicate[] => {
      if (!target) return [];
      const others = tablesIn(otherSide, chain);
      if (others.has(target.tableId) || others.has('?')) return [];
      if (others.size > 0) {
        // The other side reads another table's columns through an expression: a join condition, not indexable as a filter.
        return [];
      }
      const params = paramsIn(otherSide);
      const bare = bareParam(otherSide);
      const normalized = operator === '!=' ? '<>' : operator;
      if (bare !== null) bind({ position: bare, role: 'compare', target, operator: normalized, bound: null });
      const predicateKind: PredicateKind = normalized === '=' ? 'equality' : normalized === '<>' ? 'other' : 'range';
      return [makePredicate(target, normalized, predicateKind, params, null, conjunct, scope)];
    };
    if (left && !right) return pick(left, expr.rexpr, op);
    if (right && !left) return pick(right, expr.lexpr, FLIPPED[op] ?? op);
    return [];
  };

  /** A WHERE/ON clause: conjuncts, OR groups, NOT, tests. */
  const clause = (node: unknown, chain: Chain, scope: number, conjunct: boolean, into: Predicate[]): void => {
    const [kind, body] = entry(node);
    if (kind === 'BoolExpr') {
      const args = list(body.args);
      if (body.boolop === 'AND_EXPR') {
        for (const arg of args) clause(arg, chain, scope, conjunct, into);
      } else if (body.boolop === 'OR_EXPR') {
        const arms: Predicate[][] = [];
        for (const arg of args) {
          const arm: Predicate[] = [];
          clause(arg, chain, scope, false, arm);
          arms.push(arm);
          into.push(...arm);
        }
        orGroups.push({ scope, arms });
      } else {
        for (const arg of args) clause(arg, chain, scope, false, []);
      }
      return;
    }
    if (kind === 'A_Expr') {
      into.push(...comparison(body, chain, scope, conjunct));
      return;
    }
    if (kind === 'NullTest') {
      walkExpression(body.arg, chain, scope);
      const target = targetOf(body.arg, chain);
      if (target) into.push(makePredicate(target, body.nulltesttype === 'IS_NULL' ? 'IS NULL' : 'IS NOT NULL', 'null-test', [], null, conjunct, scope));
      return;
    }
    if (kind === 'BooleanTest' || kind === 'ColumnRef') {
      walkExpression(node, chain, scope);
      const target = targetOf(kind === 'BooleanTest' ? body.arg : node, chain);
      if (target) into.push(makePredicate(target, kind === 'ColumnRef' ? 'IS TRUE' : String(body.booltesttype), 'other', [], null, conjunct, scope));
      return;
    }
    walkExpression(node, chain, scope);
  };

  /** Collects the FROM list of one level; returns the join conditions to read once every table is known. */
  const fromItem = (item: unknown, scope: number, own: TableUse[], outer: Chain, quals: unknown[]): void => {
    const [kind, body] = entry(item);
    if (kind === 'RangeVar') {
      const alias = (body.alias as Node | undefined)?.aliasname;
      addTable(typeof body.schemaname === 'string' ? body.schemaname : null, String(body.relname), typeof alias === 'string' ? alias : null, scope, own);
    } else if (kind === 'JoinExpr') {
      fromItem(body.larg, scope, own, outer, quals);
      fromItem(body.rarg, scope, own, outer, quals);
      if (body.quals !== undefined) quals.push(body.quals);
    } else if (kind === 'RangeSubselect') {
      // A derived table: its own level; LATERAL sees the tables before it.
      walkSelect(body.subquery, body.lateral === true ? [own, ...outer] : outer, false);
    } else if (kind === 'RangeFunction') {
      walkExpression(body.functions, [own, ...outer], scope);
    }
  };

  function walkSelect(node: unknown, outer: Chain, top: boolean): void {
    const [kind, select] = entry(node);
    if (kind !== 'SelectStmt') return;
    if (select.op !== undefined && select.op !== 'SETOP_NONE') {
      if (top) complexTopLevel = true;
      walkSelect({ SelectStmt: select.larg }, outer, false);
      walkSelect({ SelectStmt: select.rarg }, outer, false);
      return;
    }
    if (top && (select.withClause !== undefined || select.distinctClause !== undefined || select.windowClause !== undefined)) complexTopLevel = true;
    if (select.withClause !== undefined) {
      for (const cte of list((select.withClause as Node).ctes)) walkSelect((entry(cte)[1]).ctequery, outer, false);
    }
    const scope = nextScope++;
    const own: TableUse[] = [];
    const quals: unknown[] = [];
    for (const item of list(select.fromClause)) fromItem(item, scope, own, outer, quals);
    const chain: Chain = [own, ...outer];
    for (const q of quals) clause(q, chain, scope, true, predicates);
    if (select.whereClause !== undefined) clause(select.whereClause, chain, scope, true, predicates);
    for (const target of list(select.targetList)) {
      const [, res] = entry(target);
      walkExpression(res.val, chain, scope);
      if (top && (entry(res.val)[0] === 'WindowDef' || JSON.stringify(res.val ?? null).includes('"over"'))) complexTopLevel = true;
    }
    for (const group of list(select.groupClause)) {
      walkExpression(group, chain, scope);
      if (top) {
        const target = targetOf(group, chain);
        if (target) groupBy.push(target);
      }
    }
    walkExpression(select.havingClause, chain, scope);
    for (const values of list(select.valuesLists)) walkExpression(values, chain, scope);
    const sortKeys: SortKey[] = [];
    for (const item of list(select.sortClause)) {
      const [, by] = entry(item);
      walkExpression(by.node, chain, scope);
      sortKeys.push({
        target: targetOf(by.node, chain),
        descending: by.sortby_dir === 'SORTBY_DESC',
        nullsFirst: by.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : by.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : null,
      });
    }
    const limitParam = bareParam(select.limitCount);
    const offsetParam = bareParam(select.limitOffset);
    if (limitParam !== null) bind({ position: limitParam, role: 'limit', target: null, operator: 'LIMIT', bound: null });
    if (offsetParam !== null) bind({ position: offsetParam, role: 'offset', target: null, operator: 'OFFSET', bound: null });
    walkExpression(select.limitCount, chain, scope);
    walkExpression(select.limitOffset, chain, scope);
    if (top) {
      sort = sortKeys;
      hasLimit = select.limitCount !== undefined;
      hasOffset = select.limitOffset !== undefined;
    }
  }

  const [kind, body] = entry(statements[0]);
  let statementKind: StatementShape['kind'] = 'OTHER';
  if (kind === 'SelectStmt') {
    statementKind = 'SELECT';
    walkSelect(statements[0], [], true);
  } else if (kind === 'UpdateStmt' || kind === 'DeleteStmt' || kind === 'InsertStmt') {
    statementKind = kind === 'UpdateStmt' ? 'UPDATE' : kind === 'DeleteStmt' ? 'DELETE' : 'INSERT';
    const scope = nextScope++;
    const own: TableUse[] = [];
    const relation = (body.relation ?? {}) as Node;
    const alias = (relation.alias as Node | undefined)?.aliasname;
    const target = addTable(typeof relation.schemaname === 'string' ? relation.schemaname : null, String(relation.relname), typeof alias === 'string' ? alias : null, scope, own);
    const quals: unknown[] = [];
    for (const item of list(body.fromClause ?? body.usingClause)) fromItem(item, scope, own, [], quals);
    const chain: Chain = [own];
    for (const q of quals) clause(q, chain, scope, true, predicates);
    if (body.whereClause !== undefined) clause(body.whereClause, chain, scope, true, predicates);
    if (kind === 'UpdateStmt') {
      for (const item of list(body.targetList)) {
        const [, res] = entry(item);
        const param = bareParam(res.val);
        if (param !== null && typeof res.name === 'string') bind({ position: param, role: 'set-value', target: { kind: 'column', tableId: target.id, column: res.name }, operator: '=', bound: null });
        walkExpression(res.val, chain, scope);
      }
    }
    if (kind === 'InsertStmt') {
      const columns = list(body.cols).map((c) => String(entry(c)[1].name));
      const [selectKind, select] = entry(body.selectStmt);
      if (selectKind === 'SelectStmt' && select.valuesLists !== undefined) {
        for (const row of list(select.valuesLists)) {
          list(entry(row)[1].items).forEach((value, i) => {
            const param = bareParam(value);
            const column = columns[i] ?? target.table?.columns[i]?.name;
            if (param !== null && column) bind({ position: param, role: 'insert-value', target: { kind: 'column', tableId: target.id, column }, operator: null, bound: null });
          });
        }
      } else {
        walkSelect(body.selectStmt, [], false);
      }
    }
    walkExpression(body.returningList, chain, scope);
  } else {
    walkExpression(body, [], 0);
  }

  const allParams = paramsIn(statements[0], [], true);
  for (const position of allParams) {
    if (!bindings.has(position)) bindings.set(position, { position, role: 'other', target: null, operator: null, bound: null });
  }
  const parameterCount = allParams.length === 0 ? 0 : Math.max(...allParams);
  return {
    kind: statementKind,
    tables,
    predicates,
    orGroups,
    sort,
    hasLimit,
    hasOffset,
    referencedColumns: referenced,
    starTables,
    groupBy,
    parameters: [...bindings.values()].sort((a, b) => a.position - b.position),
    parameterCount,
    unknownRelations,
    complexTopLevel,
  };
}
