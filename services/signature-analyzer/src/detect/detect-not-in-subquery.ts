import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult, SilenceNote } from './detected-pattern.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

/**
 * NOT_IN_SUBQUERY: `x NOT IN (SELECT y FROM …)`. PostgreSQL cannot turn it into an
 * anti-join (NULL semantics), so it runs as a subplan — hashed if it fits work_mem,
 * otherwise re-scanned per row — and one NULL in y makes the whole condition unknown.
 * Reported when the subquery reads a large table or selects a nullable column; a NOT IN
 * over a list of values is not this pattern. The fix is NOT EXISTS.
 */
export function detectNotInSubquery(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  for (const notIn of facts.notInSubqueries) {
    const sub = notIn.subqueryColumn;
    const subTable = sub?.reference ?? null;
    const large = subTable !== null && tableSize(subTable, thresholds.largeTableRows) !== 'small';
    const model = sub !== null && sub.reference.table !== null ? findColumn(sub.reference.table, sub.column) : null;
    // The subquery may exclude NULLs itself (WHERE y IS NOT NULL, or any strict comparison on y).
    const filtersNulls =
      sub !== null &&
      facts.predicates.some(
        (p) => p.column.reference === sub.reference && p.column.column === sub.column && p.wrapper === null && p.topLevel && p.operator !== 'IS NULL' && p.operator !== 'IS DISTINCT FROM' && p.operator !== 'IS NOT DISTINCT FROM',
      );
    const nullable = !filtersNulls && (model === null ? true : model.nullable);
    if (!large && !nullable) {
      notes.push({ reason: 'SMALL_TABLE', detail: `NOT IN reads the small table ${subTable === null ? '(subquery)' : tableName(subTable)} over a NOT NULL column` });
      continue;
    }
    const subplans = plan === null ? [] : plan.nodes.filter((n) => n.parentRelationship === 'SubPlan');
    const hashed = plan !== null && plan.nodes.some((n) => (n.filter ?? '').includes('hashed SubPlan'));
    const rescanned = subplans.length > 0 && !hashed;
    const where = notIn.column === null ? 'a value' : `${notIn.column.reference.name}.${notIn.column.column}`;
    const source = sub === null ? 'a subquery' : `${tableName(sub.reference)}.${sub.column}`;
    hits.push({
      pattern: 'NOT_IN_SUBQUERY',
      severity: rescanned || (nullable && large) ? 'HIGH' : 'MEDIUM',
      detail: `${where} NOT IN (SELECT ${source}) cannot become an anti-join${nullable ? ` and returns nothing once ${source} holds a NULL` : ''}; NOT EXISTS says what is meant and plans as an anti-join.`,
      figures: { subqueryColumnNullable: nullable ? 1 : 0, hashedSubplan: hashed ? 1 : 0 },
      columns: [
        ...(notIn.column === null ? [] : [{ column: notIn.column, role: 'FILTER' as const, operator: 'NOT IN' }]),
        ...(sub === null ? [] : [{ column: sub, role: 'JOIN' as const, operator: 'NOT IN' }]),
      ],
      thresholds: [],
      planNodes: subplans.slice(0, 1),
      tables: subTable === null ? [] : [subTable],
      skew: sub === null ? [] : [sub],
    });
  }
  return { hits, notes };
}
