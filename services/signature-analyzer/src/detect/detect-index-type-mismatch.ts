import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import type { ColumnModel } from '@shadowtune/shared/schema-model/schema-model';
import type { PredicateFact, TableReference } from '../ast/query-facts.js';
import { analyzeTableIndexes } from '../schema/analyze-table-indexes.js';
import type { AnalyzedIndex } from '../schema/analyzed-index.js';
import type { PlanNode } from '../plan/plan-node.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult } from './detected-pattern.js';
import { planCastColumns } from './plan-cast-columns.js';
import { isRelabelCast } from './relabel-cast.js';
import { isScan } from '../plan/is-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

const TEXTUAL = new Set(['text', 'varchar', 'character varying', 'name']);
const INTEGERS = new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'bigint', 'serial', 'bigserial']);
const INEXACT = new Set(['numeric', 'decimal', 'float4', 'float8', 'real', 'double precision', 'float']);

/** Whether comparing `column` with a value cast to `castType` makes the server convert the column. */
function castForcesConversion(column: ColumnModel, castType: string): boolean {
  if (INTEGERS.has(column.typeName) && INEXACT.has(castType)) return true;
  if (column.typeName === 'bpchar' && TEXTUAL.has(castType)) return true;
  return false;
}

function leadingIndexOn(reference: TableReference, column: string): AnalyzedIndex | null {
  if (reference.table === null) return null;
  return analyzeTableIndexes(reference.table).find((a) => a.parts[0]?.column === column && (a.method === 'btree' || a.method === 'hash')) ?? null;
}

function hit(reference: TableReference, predicate: PredicateFact, columnModel: ColumnModel, castType: string, index: AnalyzedIndex, node: PlanNode | null): DetectedPattern {
  return {
    pattern: 'INDEX_TYPE_MISMATCH',
    severity: 'HIGH',
    detail: `${reference.name}.${predicate.column.column} (${columnModel.dataType}) is compared with a ${castType} value, so the server converts the column and cannot use index ${index.index.name} on ${tableName(reference)}.`,
    figures: node === null ? {} : { scanCost: node.totalCost, estimatedRows: node.planRows },
    columns: [{ column: predicate.column, role: predicate.role, operator: `${predicate.operator} (as ${castType})` }],
    thresholds: [],
    planNodes: node === null ? [] : [node],
    tables: [reference],
    skew: [predicate.column],
  };
}

/**
 * INDEX_TYPE_MISMATCH: an index leads with a column, but the statement compares the
 * column with a value of another type (`bigint_col = $1::numeric`, `char_col = $1::text`),
 * so the server casts the column and the index cannot serve the predicate. Read from the
 * plan (a cast the statement did not write on the column in a Filter) and, without a
 * plan, from the placeholder's explicit cast. Relabelling casts (varchar → text) are harmless.
 */
export function detectIndexTypeMismatch(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  const hits: DetectedPattern[] = [];
  const seen = new Set<string>();
  for (const reference of facts.references) {
    if (reference.table === null || tableSize(reference, thresholds.largeTableRows) === 'small') continue;
    const own = facts.predicates.filter((p) => p.column.reference === reference && p.wrapper === null && p.role === 'FILTER');
    if (own.length === 0) continue;
    const nodes = plan === null ? [] : scanNodesOf(plan, reference).filter(isScan);
    const planCasts = new Map<string, { target: string; node: PlanNode }>();
    for (const node of nodes) for (const [column, target] of planCastColumns(node)) planCasts.set(column, { target, node });
    for (const predicate of own) {
      const key = `${reference.alias}.${predicate.column.column}`;
      if (seen.has(key)) continue;
      const columnModel = findColumn(reference.table, predicate.column.column);
      if (columnModel === null) continue;
      // A cast the statement itself writes on the column is a NON_SARGABLE_PREDICATE, not a mismatch.
      const writtenCast = facts.predicates.some((p) => p.column.reference === reference && p.column.column === predicate.column.column && p.wrapper !== null);
      const fromPlan = writtenCast ? undefined : planCasts.get(predicate.column.column);
      let castType: string | null = null;
      let node: PlanNode | null = null;
      if (fromPlan !== undefined && !isRelabelCast(columnModel, fromPlan.target)) {
        castType = fromPlan.target;
        node = fromPlan.node;
      } else if (plan === null && predicate.other.castType !== null && castForcesConversion(columnModel, predicate.other.castType)) {
        castType = predicate.other.castType;
      }
      if (castType === null) continue;
      const index = leadingIndexOn(reference, predicate.column.column);
      if (index === null) continue;
      seen.add(key);
      hits.push(hit(reference, predicate, columnModel, castType, index, node));
    }
  }
  return { hits, notes: [] };
}
