import type { TypeCast } from 'libpg-query';
import { bodyOf, namesOf } from '../ast/ast-node.js';
import { walkAst } from '../ast/walk-ast.js';
import type { PlanNode } from '../plan/plan-node.js';
import { parsePlanExpression } from './parse-plan-expression.js';

/** Columns the server casts inside a scan's Filter or Recheck Cond: `(id)::numeric` → id → numeric. */
export function planCastColumns(node: PlanNode): Map<string, string> {
  const found = new Map<string, string>();
  for (const text of [node.filter, node.recheckCond]) {
    if (text === null) continue;
    walkAst(parsePlanExpression(text), (t) => {
      if (t.tag !== 'TypeCast') return true;
      const cast = t.body as TypeCast;
      const ref = bodyOf<{ fields?: unknown }>(cast.arg, 'ColumnRef');
      if (ref !== null) {
        const names = namesOf(ref.fields);
        const target = namesOf(cast.typeName?.names).filter((n) => n !== 'pg_catalog').join('.').toLowerCase();
        if (names.length > 0) found.set(names[names.length - 1]!, target);
      }
      return true;
    });
  }
  return found;
}
