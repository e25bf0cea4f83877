import type { BoolExpr } from 'libpg-query';
import { asList, bodyOf, type AstNode } from '../ast/ast-node.js';

/** The AND-ed parts of a boolean expression. */
export function conjunctsOf(node: unknown): AstNode[] {
  const bool = bodyOf<BoolExpr>(node, 'BoolExpr');
  if (bool !== null && bool.boolop === 'AND_EXPR') return asList(bool.args).flatMap(conjunctsOf);
  return node === undefined || node === null ? [] : [node as AstNode];
}
