import { isAstNode, tagged, type Tagged } from './ast-node.js';

/** Visits every node under `root` (depth first), stopping below a node when `visit` returns false. */
export function walkAst(root: unknown, visit: (node: Tagged) => boolean | void): void {
  if (Array.isArray(root)) {
    for (const item of root) walkAst(item, visit);
    return;
  }
  const t = tagged(root);
  if (t !== null && /^[A-Z]/.test(t.tag)) {
    if (visit(t) === false) return;
    for (const value of Object.values(t.body)) if (typeof value === 'object' && value !== null) walkAst(value, visit);
    return;
  }
  if (isAstNode(root)) for (const value of Object.values(root)) if (typeof value === 'object' && value !== null) walkAst(value, visit);
}
