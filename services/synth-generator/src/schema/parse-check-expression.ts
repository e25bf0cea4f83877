import { parseSync } from 'libpg-query';
// Callers load the grammar once with loadSqlParser() from @shadowtune/shared/sql/parse-statement.
import type { CheckRule, ComparisonOperator, ParsedCheck } from './check-rule.js';

// libpg-query returns the server's parse tree as JSON; its node shapes are not typed by the
// package, so the walk below reads them through this loose record type.
type Node = Record<string, unknown>;

const COMPARISONS: ReadonlySet<string> = new Set(['>', '>=', '<', '<=', '=', '<>']);
const MIRRORED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '=': '=', '<>': '<>' };
const LENGTH_FUNCTIONS: ReadonlySet<string> = new Set(['length', 'char_length', 'character_length', 'octet_length']);

function child(node: unknown, key: string): Node | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Node)[key];
  return value !== null && typeof value === 'object' ? (value as Node) : undefined;
}

function unwrapCasts(node: Node | undefined): Node | undefined {
  let current = node;
  while (current?.TypeCast !== undefined) current = child(child(current, 'TypeCast'), 'arg');
  return current;
}

function columnName(node: Node | undefined): string | null {
  const ref = child(unwrapCasts(node), 'ColumnRef');
  const fields = ref?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return null;
  const last = child(fields[fields.length - 1], 'String');
  return typeof last?.sval === 'string' ? last.sval : null;
}

/** The text of a constant, with unary minus folded in; null when not a constant. */
function literalText(node: Node | undefined): string | null {
  const inner = unwrapCasts(node);
  if (inner === undefined) return null;
  const constant = child(inner, 'A_Const');
  if (constant !== undefined) {
    if (constant.isnull === true) return null;
    const ival = child(constant, 'ival');
    if (ival !== undefined) return String(typeof ival.ival === 'number' ? ival.ival : 0);
    const fval = child(constant, 'fval');
    if (typeof fval?.fval === 'string') return fval.fval;
    const sval = child(constant, 'sval');
    if (typeof sval?.sval === 'string') return sval.sval;
    const boolval = child(constant, 'boolval');
    if (boolval !== undefined) return boolval.boolval === true ? 'true' : 'false';
    return null;
  }
  const expr = child(inner, 'A_Expr');
  if (expr !== undefined && expr.kind === 'AEXPR_OP' && operatorName(expr) === '-' && expr.lexpr === undefined) {
    const operand = literalText(child(expr, 'rexpr'));
    if (operand !== null && /^[0-9.]+$/.test(operand)) return `-${operand}`;
  }
  return null;
}

function operatorName(expr: Node): string | null {
  const names = expr.name;
  if (!Array.isArray(names) || names.length === 0) return null;
  const last = child(names[names.length - 1], 'String');
  return typeof last?.sval === 'string' ? last.sval : null;
}

function listLiterals(node: Node | undefined): string[] | null {
  const array = child(node, 'A_ArrayExpr');
  const items = array !== undefined ? array.elements : child(node, 'List')?.items;
  if (!Array.isArray(items)) return null;
  const out: string[] = [];
  for (const item of items) {
    const text = literalText(item as Node);
    if (text === null) return null;
    out.push(text);
  }
  return out;
}

function lengthColumn(node: Node | undefined): string | null {
  const call = child(unwrapCasts(node), 'FuncCall');
  if (call === undefined) return null;
  const names = call.funcname;
  const last = Array.isArray(names) ? child(names[names.length - 1], 'String') : undefined;
  if (typeof last?.sval !== 'string' || !LENGTH_FUNCTIONS.has(last.sval)) return null;
  const args = call.args;
  return Array.isArray(args) && args.length === 1 ? columnName(args[0] as Node) : null;
}

function interpretComparison(expr: Node, out: CheckRule[]): boolean {
  const op = operatorName(expr);
  if (op === null || !COMPARISONS.has(op)) return false;
  const operator = op as ComparisonOperator;
  const left = child(expr, 'lexpr');
  const right = child(expr, 'rexpr');
  const leftColumn = columnName(left);
  const rightColumn = columnName(right);
  const leftLiteral = literalText(left);
  const rightLiteral = literalText(right);
  if (leftColumn !== null && rightLiteral !== null) {
    out.push({ kind: 'compare', column: leftColumn, operator, literal: rightLiteral });
    return true;
  }
  if (rightColumn !== null && leftLiteral !== null) {
    out.push({ kind: 'compare', column: rightColumn, operator: MIRRORED[operator], literal: leftLiteral });
    return true;
  }
  if (leftColumn !== null && rightColumn !== null) {
    out.push({ kind: 'column-compare', left: leftColumn, operator, right: rightColumn });
    return true;
  }
  const leftLength = lengthColumn(left);
  if (leftLength !== null && rightLiteral !== null && /^\d+$/.test(rightLiteral)) {
    out.push({ kind: 'length', column: leftLength, operator, length: Number(rightLiteral) });
    return true;
  }
  const rightLength = lengthColumn(right);
  if (rightLength !== null && leftLiteral !== null && /^\d+$/.test(leftLiteral)) {
    out.push({ kind: 'length', column: rightLength, operator: MIRRORED[operator], length: Number(leftLiteral) });
    return true;
  }
  return false;
}

/** Returns false when the atom is not understood (the caller then needs the server to validate). */
function interpret(node: Node | undefined, out: CheckRule[]): boolean {
  if (node === undefined) return false;
  const bool = child(node, 'BoolExpr');
  if (bool !== undefined) {
    if (bool.boolop !== 'AND_EXPR' || !Array.isArray(bool.args)) return false;
    let all = true;
    for (const arg of bool.args) all = interpret(arg as Node, out) && all;
    return all;
  }
  const nullTest = child(node, 'NullTest');
  if (nullTest !== undefined) {
    const column = columnName(child(nullTest, 'arg'));
    if (column !== null && nullTest.nulltesttype === 'IS_NOT_NULL') {
      out.push({ kind: 'not-null', column });
      return true;
    }
    return false;
  }
  const expr = child(node, 'A_Expr');
  if (expr === undefined) return false;
  const column = columnName(child(expr, 'lexpr'));
  switch (expr.kind) {
    case 'AEXPR_OP':
      return interpretComparison(expr, out);
    case 'AEXPR_OP_ANY':
    case 'AEXPR_IN': {
      const literals = listLiterals(child(expr, 'rexpr'));
      const op = operatorName(expr);
      if (column === null || literals === null) return false;
      if (op === '=') out.push({ kind: 'in', column, literals });
      else if (op === '<>' && expr.kind === 'AEXPR_IN') out.push({ kind: 'not-in', column, literals });
      else return false;
      return true;
    }
    case 'AEXPR_OP_ALL': {
      const literals = listLiterals(child(expr, 'rexpr'));
      if (column === null || literals === null || operatorName(expr) !== '<>') return false;
      out.push({ kind: 'not-in', column, literals });
      return true;
    }
    case 'AEXPR_BETWEEN': {
      const bounds = listLiterals(child(expr, 'rexpr'));
      if (column === null || bounds === null || bounds.length !== 2) return false;
      out.push({ kind: 'compare', column, operator: '>=', literal: bounds[0] ?? '' });
      out.push({ kind: 'compare', column, operator: '<=', literal: bounds[1] ?? '' });
      return true;
    }
    default:
      return false;
  }
}

/**
 * Reads a CHECK definition as pg_get_constraintdef prints it (`CHECK ((price >= (0)::numeric))`,
 * or a domain's `CHECK ((VALUE > 0))`) into rules the generator satisfies by construction:
 * comparisons with constants, BETWEEN, IN / = ANY (ARRAY[...]), <> ALL, length() bounds,
 * IS NOT NULL and column-to-column comparisons, joined by AND. Anything else (OR, regular
 * expressions, functions) marks the check as not fully interpreted. Requires loadSqlParser().
 */
export function parseCheckExpression(definition: string): ParsedCheck {
  let parsed: unknown;
  try {
    // Wrapping in ALTER TABLE makes the server's grammar read the definition as-is.
    parsed = parseSync(`ALTER TABLE shadowtune_check_probe ADD ${definition}`);
  } catch {
    return { rules: [], fullyInterpreted: false };
  }
  const stmt = child(child((parsed as { stmts?: unknown[] }).stmts?.[0], 'stmt'), 'AlterTableStmt');
  const cmds = stmt?.cmds;
  const def = Array.isArray(cmds) ? child(child(child(cmds[0], 'AlterTableCmd'), 'def'), 'Constraint') : undefined;
  if (def === undefined || def.contype !== 'CONSTR_CHECK') return { rules: [], fullyInterpreted: false };
  const rules: CheckRule[] = [];
  const fullyInterpreted = interpret(child(def, 'raw_expr'), rules);
  return { rules, fullyInterpreted };
}
