import type { DetectionContext } from './detection-context.js';
import type { DetectedPattern, DetectorResult, SilenceNote } from './detected-pattern.js';
import { detectDeepOffset } from './detect-deep-offset.js';
import { detectFullTableScan } from './detect-full-table-scan.js';
import { detectIndexTypeMismatch } from './detect-index-type-mismatch.js';
import { detectLeadingWildcardLike } from './detect-leading-wildcard-like.js';
import { detectMissingFilterIndex } from './detect-missing-filter-index.js';
import { detectMissingJoinIndex } from './detect-missing-join-index.js';
import { detectNPlusOne } from './detect-n-plus-one.js';
import { detectNonSargablePredicate } from './detect-non-sargable-predicate.js';
import { detectNotInSubquery } from './detect-not-in-subquery.js';
import { detectOrAcrossColumns } from './detect-or-across-columns.js';
import { detectSelectStarWide } from './detect-select-star-wide.js';
import { detectSortForLimit } from './detect-sort-for-limit.js';
import { detectUnboundedResult } from './detect-unbounded-result.js';

const DETECTORS: readonly ((context: DetectionContext) => DetectorResult)[] = [
  detectFullTableScan,
  detectMissingJoinIndex,
  detectMissingFilterIndex,
  detectIndexTypeMismatch,
  detectNonSargablePredicate,
  detectLeadingWildcardLike,
  detectOrAcrossColumns,
  detectNotInSubquery,
  detectSortForLimit,
  detectDeepOffset,
  detectUnboundedResult,
  detectSelectStarWide,
  detectNPlusOne,
];

/** Runs every pattern detector on one statement; returns the hits and why detectors stayed silent. */
export function detectPatterns(context: DetectionContext): { readonly hits: readonly DetectedPattern[]; readonly notes: readonly SilenceNote[] } {
  const hits: DetectedPattern[] = [];
  const notes: SilenceNote[] = [];
  for (const detector of DETECTORS) {
    const result = detector(context);
    hits.push(...result.hits);
    notes.push(...result.notes);
  }
  return { hits, notes };
}
