import { findColumn } from '@shadowtune/shared/schema-model/find-table';
import { findExpressionIndex } from '../schema/find-expression-index.js';
import type { PredicateFact } from '../ast/query-facts.js';
import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult, SilenceNote } from './detected-pattern.js';
import { isSeqScan } from '../plan/is-seq-scan.js';
import { scanNodesOf } from './scan-nodes-of.js';
import { tableName } from './table-name.js';
import { tableSize } from './table-size.js';

const TEXTUAL = new Set(['text', 'varchar', 'character varying']);
/** Operators that compare, so an index on the bare column could have served them. */
const COMPARING = new Set(['=', '<', '<=', '>', '>=', 'IN', 'ANY', 'BETWEEN', 'LIKE', 'ILIKE', 'IS NULL']);

function wrapperText(predicate: PredicateFact): string {
  const w = predicate.wrapper!;
  const column = predicate.column.column;
  if (w.kind === 'cast') return `${column}::${w.name}`;
  if (w.kind === 'function') return `${w.name}(${column})`;
  if (w.kind === 'arithmetic') return `${column} ${w.name} …`;
  return `an expression over ${column}`;
}

/** varchar::text and text::varchar only relabel the value: the column's index still applies. */
function isRelabel(predicate: PredicateFact): boolean {
  const w = predicate.wrapper!;
  if (w.kind !== 'cast' || predicate.column.reference.table === null) return false;
  const model = findColumn(predicate.column.reference.table, predicate.column.column);
  return model !== null && TEXTUAL.has(w.name) && (model.typeName === 'varchar' || model.typeName === 'text');
}

/**
 * NON_SARGABLE_PREDICATE: a filter or join compares a function, cast or arithmetic of a
 * column (`lower(email) = $1`, `date_trunc($1, created_at) = $2`, `id::text = $1`) on a
 * large table, so no index on the column can serve it — unless an expression index on the
 * same expression exists (ALREADY_INDEXED). With a plan, it is reported only when the
 * table is actually read by a sequential scan (another indexed predicate may make it moot).
 */
export function detectNonSargablePredicate(context: DetectionContext): DetectorResult {
  const { plan, facts, thresholds } = context;
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  const seen = new Set<string>();
  for (const predicate of facts.predicates) {
    if (predicate.wrapper === null || !COMPARING.has(predicate.operator) || isRelabel(predicate)) continue;
    const reference = predicate.column.reference;
    const size = tableSize(reference, thresholds.largeTableRows);
    if (size === 'small') {
      notes.push({ reason: 'SMALL_TABLE', detail: `${tableName(reference)} is small` });
      continue;
    }
    const key = `${reference.alias}.${JSON.stringify(predicate.wrapper.expression)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const index = findExpressionIndex(reference, predicate.wrapper.expression, facts.predicates);
    if (index !== null) {
      notes.push({ reason: 'ALREADY_INDEXED', detail: `expression index ${index.index.name} matches ${wrapperText(predicate)}` });
      continue;
    }
    const scans = plan === null ? [] : scanNodesOf(plan, reference);
    const seqScan = scans.find(isSeqScan);
    if (plan !== null && seqScan === undefined && scans.length > 0) {
      notes.push({ reason: 'ALREADY_INDEXED', detail: `${tableName(reference)} is reached through an index on another predicate` });
      continue;
    }
    const costly = seqScan !== undefined && seqScan.totalCost >= thresholds.scanCost;
    hits.push({
      pattern: 'NON_SARGABLE_PREDICATE',
      severity: costly ? 'HIGH' : 'MEDIUM',
      detail: `${wrapperText(predicate)} ${predicate.operator} … on ${tableName(reference)} wraps column ${predicate.column.column} in ${predicate.wrapper.kind === 'cast' ? 'a cast' : predicate.wrapper.kind === 'function' ? `${predicate.wrapper.name}()` : 'an expression'}, so no index on ${predicate.column.column} can serve it and no matching expression index exists.`,
      figures: seqScan === undefined ? {} : { scanCost: seqScan.totalCost, estimatedRows: seqScan.planRows },
      columns: [{ column: predicate.column, role: predicate.role, operator: `${predicate.wrapper.kind === 'cast' ? `::${predicate.wrapper.name}` : `${predicate.wrapper.name}()`} ${predicate.operator}` }],
      thresholds: [],
      planNodes: seqScan === undefined ? [] : [seqScan],
      tables: [reference],
      skew: [predicate.column],
    });
  }
  return { hits, notes };
}
