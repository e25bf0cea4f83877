import { toSql, type Expr, type ExprCall, type From, type SelectedColumn, type SelectFromStatement, type SelectStatement } from 'pgsql-ast-parser';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { ReasonCode } from '../reason-code.js';
import { figureColumnName } from './figure-column-name.js';
import { proveAtMostOneRow } from './prove-at-most-one-row.js';
import { AGGREGATES, clone, fromTables, isSubquery, ref, resolveRef } from './rewrite-ast.js';
import type { RuleOutcome } from './rewrite-candidate.js';

/** Built-in functions whose result changes from call to call; user functions are not known to the schema model. */
const VOLATILE_FUNCTIONS = new Set([
  'random', 'random_normal', 'setseed', 'nextval', 'currval', 'lastval', 'setval', 'clock_timestamp', 'timeofday',
  'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7', 'txid_current', 'pg_current_xact_id', 'pg_sleep',
]);

/** Calls whose subquery argument is a set, not a scalar. */
const SET_TAKING_CALLS = new Set(['exists', 'any', 'all', 'some']);

interface Found {
  readonly item: number;
  readonly sub: SelectStatement;
  /** Under CASE or a later COALESCE argument: the original may never run it for some rows. */
  readonly conditional: boolean;
  readonly replace: (expr: Expr) => void;
}

type Node = Record<string, unknown>;

/** Scalar subqueries below `node` (not inside other subqueries), each with a way to replace it in place. */
function scalarSubqueries(node: unknown, conditional: boolean, visit: (sub: SelectStatement, conditional: boolean, replace: (expr: Expr) => void) => void): void {
  if (typeof node !== 'object' || node === null) return;
  const parent = node as Node;
  const call = parent.type === 'call' ? ((parent as unknown as ExprCall).function.name.toLowerCase()) : null;
  if (call !== null && SET_TAKING_CALLS.has(call)) return;
  const below = conditional || parent.type === 'case';
  for (const [key, child] of Object.entries(parent)) {
    const children = Array.isArray(child) ? child : [child];
    children.forEach((value, index) => {
      const replace = (expr: Expr) => (Array.isArray(child) ? (child[index] = expr) : (parent[key] = expr));
      const lazy = below || (call === 'coalesce' && key === 'args' && index > 0);
      if (isSubquery(value)) {
        const setOperand = parent.type === 'binary' && (parent.op === 'IN' || parent.op === 'NOT IN') && key === 'right';
        if (!setOperand && parent.type !== 'array select') visit(value, lazy, replace);
        return;
      }
      scalarSubqueries(value, lazy, visit);
    });
  }
}

/** Every node below (subqueries included), depth first. */
function everyNode(node: unknown, visit: (value: Node) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => everyNode(n, visit));
  if (typeof node !== 'object' || node === null) return;
  visit(node as Node);
  for (const child of Object.values(node)) everyNode(child, visit);
}

/** Names the FROM items below declare (aliases, or table names when unaliased). */
function declaredNames(node: unknown): Set<string> {
  const names = new Set<string>();
  everyNode(node, (n) => {
    const from = n as Partial<From> & Node;
    if (from.type === 'table' && typeof from.name === 'object' && from.name !== null) {
      const name = from.name as { name: string; alias?: string };
      names.add(name.alias ?? name.name);
      names.add(name.name);
    } else if (from.type === 'statement' && typeof from.alias === 'string') names.add(from.alias);
    else if (from.type === 'call' && typeof from.alias === 'object' && from.alias !== null) names.add((from.alias as { name: string }).name);
  });
  return names;
}

interface RefNode {
  readonly name: string;
  readonly table?: { readonly name: string };
}

function refsBelow(node: unknown): RefNode[] {
  const refs: RefNode[] = [];
  everyNode(node, (n) => {
    if (n.type === 'ref') refs.push(n as unknown as RefNode);
  });
  return refs;
}

/** Top-level FROM items' names: what a subquery in the select list may correlate with. */
function outerNames(from: readonly From[]): Set<string> {
  return new Set(from.map((f) => (f.type === 'table' ? f.name.alias ?? f.name.name : f.type === 'statement' ? f.alias : f.alias?.name ?? f.function.name)));
}

/** True when the subquery reads a column of the outer FROM (or an unqualified column its own tables do not have). */
function isCorrelated(sub: SelectStatement, outer: ReadonlySet<string>, model: SchemaModel): boolean {
  const inside = declaredNames(sub);
  if (refsBelow(sub).some((r) => r.table !== undefined && outer.has(r.table.name) && !inside.has(r.table.name))) return true;
  if (sub.type !== 'select') return false;
  const local = fromTables(sub.from, model);
  if (local.length !== (sub.from ?? []).length || local.some((t) => t.table === null)) return false;
  const topLevel: RefNode[] = [];
  everyNode([sub.columns, sub.where, sub.having, sub.orderBy], (n) => {
    if (n.type === 'ref' && n.name !== '*' && n.table === undefined) topLevel.push(n as unknown as RefNode);
  });
  return topLevel.some((r) => resolveRef({ type: 'ref', name: r.name }, local) === null);
}

/** Why a scalar subquery cannot become a LATERAL join, or null when it can. */
function refusal(found: Found, model: SchemaModel): { readonly reason: ReasonCode; readonly detail: string } | null {
  const sub = found.sub;
  if (sub.type !== 'select') return { reason: 'REWRITE_NOT_SAFE', detail: 'the subquery is a set operation, VALUES or WITH' };
  if (found.conditional) return { reason: 'REWRITE_NOT_SAFE', detail: 'the subquery is under CASE or a later COALESCE argument, where the original may never run it' };
  if ((sub.columns ?? []).length !== 1 || (sub.columns![0]!.expr.type === 'ref' && sub.columns![0]!.expr.name === '*')) return { reason: 'REWRITE_NOT_SAFE', detail: 'the subquery does not select exactly one column' };
  if (sub.for) return { reason: 'REWRITE_NOT_SAFE', detail: 'the subquery locks rows' };
  let volatile: string | null = null;
  everyNode(sub, (n) => {
    if (n.type === 'call' && VOLATILE_FUNCTIONS.has((n as unknown as ExprCall).function.name.toLowerCase())) volatile ??= (n as unknown as ExprCall).function.name;
  });
  if (volatile) return { reason: 'REWRITE_NOT_SAFE', detail: `the subquery calls the volatile function ${volatile}` };
  // SQL gives an aggregate of outer columns only to the outer query; inside LATERAL it would change level.
  const inside = declaredNames(sub);
  let outerAggregate = false;
  everyNode(sub, (n) => {
    if (n.type !== 'call' || !AGGREGATES.has((n as unknown as ExprCall).function.name.toLowerCase())) return;
    const call = n as unknown as ExprCall;
    const refs = refsBelow([call.args, call.filter]).filter((r) => r.name !== '*');
    if (refs.length > 0 && refs.every((r) => r.table !== undefined && !inside.has(r.table.name))) outerAggregate = true;
  });
  if (outerAggregate) return { reason: 'REWRITE_NOT_SAFE', detail: 'an aggregate in the subquery reads only outer columns (it belongs to the outer query)' };
  if (proveAtMostOneRow(sub, model) === null) {
    return { reason: 'SCALAR_SUBQUERY_NOT_SINGLE_ROW', detail: 'no LIMIT 1, aggregate without GROUP BY or unique-key equality shows the subquery returns at most one row; a join would repeat outer rows where the subquery raises an error' };
  }
  return null;
}

/**
 * A correlated scalar subquery in the select list becomes `LEFT JOIN LATERAL (subquery)
 * AS sqN ON true`, its place taken by `sqN.<column>` and the output column keeping its
 * name. A scalar subquery gives NULL for no row and an error for more than one; the
 * LATERAL join gives NULL for no row and repeats the outer row for more than one, so
 * only subqueries proven to return at most one row move (LIMIT 1, an aggregate without
 * GROUP BY, equality on a unique key). Moved verbatim, the subquery resolves its names
 * as before: the join is appended to the outer FROM, which must be one item or one
 * chain of joins so that it sees every outer table. The outer statement must not group
 * (the subquery would run per row instead of per group) nor lock rows. This is the
 * fallback for shapes the grouped join (correlated-subquery-to-join) refuses, and a
 * second candidate where both apply: the planner can flatten a unique-key lookup into
 * a hash or merge join, or memoize repeated keys, and the bench decides.
 */
export function rewriteCorrelatedSubqueryToLateral(statement: SelectFromStatement, model: SchemaModel): RuleOutcome {
  const copy = clone(statement);
  const from = copy.from ?? [];
  const outer = outerNames(from);
  const found: Found[] = [];
  (copy.columns ?? []).forEach((column, item) => scalarSubqueries(column, false, (sub, conditional, replace) => found.push({ item, sub, conditional, replace })));
  const correlated = found.filter((f) => isCorrelated(f.sub, outer, model));
  const skip = (reason: ReasonCode, detail: string): RuleOutcome => ({ kind: 'skip', skip: { rule: 'correlated-subquery-to-lateral', reason, detail } });
  if (correlated.length === 0) {
    const elsewhere: SelectStatement[] = [];
    scalarSubqueries([copy.where, copy.having, copy.orderBy, copy.groupBy, from.map((f) => f.join?.on)], false, (sub) => elsewhere.push(sub));
    if (elsewhere.some((sub) => isCorrelated(sub, outer, model))) return skip('REWRITE_NOT_SAFE', 'a correlated scalar subquery outside the select list (WHERE, ORDER BY, GROUP BY, HAVING or ON) is left as it is');
    return null;
  }
  if (from.slice(1).some((f) => !f.join)) return skip('REWRITE_NOT_SAFE', 'comma-separated FROM list: a joined LATERAL subquery would see only the last item');
  const outerAggregates = statement.columns?.some((c) => hasOuterAggregate(c.expr)) || (statement.orderBy ?? []).some((o) => hasOuterAggregate(o.by));
  if (copy.groupBy?.length || copy.having || outerAggregates) return skip('REWRITE_NOT_SAFE', 'the outer statement groups: the subquery runs once per group there, the join once per row');
  if (copy.for) return skip('REWRITE_NOT_SAFE', 'the outer statement locks rows, which an outer join\'s nullable side does not allow');

  const refusals = correlated.map((f) => refusal(f, model));
  const names = new Map<number, string | null>();
  for (const [i, f] of correlated.entries()) {
    if (refusals[i]) continue;
    const original = statement.columns![f.item]!;
    const name = original.alias?.name ?? figureColumnName(original.expr);
    names.set(f.item, name);
    if (name === null) refusals[i] = { reason: 'REWRITE_NOT_SAFE', detail: 'the output column\'s name could not be kept (an unaliased expression PostgreSQL names by its type)' };
  }
  if (refusals.every((r) => r !== null)) return skip(refusals[0]!.reason, refusals[0]!.detail);

  const taken = new Set([...declaredNames(statement), ...refsBelow(statement).flatMap((r) => (r.table ? [r.table.name] : []))]);
  const bare = new Set(refsBelow(statement).flatMap((r) => (r.table ? [] : [r.name])));
  const joins: From[] = [];
  let n = 0;
  for (const [i, f] of correlated.entries()) {
    if (refusals[i]) continue;
    let alias: string;
    do alias = `sq${(n += 1)}`;
    while (taken.has(alias));
    taken.add(alias);
    const sub = f.sub as SelectFromStatement;
    // Named as the output column (a whole select item) or as the subquery names it, unless
    // an unqualified reference somewhere could start resolving to it.
    const preferred = statement.columns![f.item]!.expr.type === 'select' && (copy.columns![f.item]!.expr as unknown) === sub ? names.get(f.item)! : figureColumnName(sub);
    let column = preferred && preferred !== '?column?' && !bare.has(preferred) ? preferred : `${alias}_value`;
    while (bare.has(column)) column = `${column}_`;
    joins.push({
      type: 'statement',
      statement: { ...sub, columns: [{ expr: sub.columns![0]!.expr, alias: { name: column } }] },
      alias,
      lateral: true,
      join: { type: 'LEFT JOIN', on: { type: 'boolean', value: true } },
    });
    f.replace(ref(alias, column));
  }
  const columns: SelectedColumn[] = (copy.columns ?? []).map((c, item) => {
    const name = names.get(item);
    if (name === undefined || name === null) return c;
    // An alias only where the replacement would be named otherwise, as in the target form `sq1.last_amount`.
    return figureColumnName(c.expr) === name ? { expr: c.expr } : { expr: c.expr, alias: { name } };
  });
  const moved = joins.length;
  const left = correlated.length - moved;
  const rewritten: SelectFromStatement = { ...copy, columns, from: [...from, ...joins] };
  return {
    kind: 'rewrite',
    rewrite: {
      rule: 'correlated-subquery-to-lateral',
      sql: toSql.statement(rewritten),
      advisory: false,
      rationale:
        `${moved === 1 ? 'A correlated scalar subquery that returns at most one row is' : `${moved} correlated scalar subqueries that return at most one row each are`} now LEFT JOIN LATERAL … ON true, ` +
        'with the same NULL when no row matches; the planner can reorder, flatten or memoize the join instead of running a subplan per output row.' +
        (left > 0 ? ` ${left} other subquer${left === 1 ? 'y was' : 'ies were'} left as ${left === 1 ? 'it was' : 'they were'} (${refusals.find((r) => r !== null)!.detail}).` : ''),
    },
  };
}

/** An aggregate of the outer query itself (not inside a subquery, not a window function). */
function hasOuterAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasOuterAggregate);
  if (typeof node !== 'object' || node === null || isSubquery(node)) return false;
  const value = node as Node;
  if (value.type === 'call' && AGGREGATES.has((value as unknown as ExprCall).function.name.toLowerCase()) && !value.over) return true;
  return Object.values(value).some(hasOuterAggregate);
}
