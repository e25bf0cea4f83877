import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import type { TableName } from '../usage/statement-usage.js';

export interface JsonKeyResolutionRequest {
  readonly table: TableName;
  readonly column: string;
  /** Profiles of the values the key's reads are compared with (one per placeholder). */
  readonly valueProfiles: readonly ParameterProfile[];
  /** Rows of the table, for sampling decisions. */
  readonly rowEstimate: number;
}

export type JsonKeyResolution =
  | { readonly kind: 'resolved'; readonly key: string; readonly evidence: Readonly<Record<string, number>> }
  | { readonly kind: 'ambiguous'; readonly detail: string; readonly evidence: Readonly<Record<string, number>> }
  | { readonly kind: 'unavailable'; readonly detail: string };

/**
 * Names the JSON key a statement reads through a placeholder (capture strips constants,
 * JSON keys included). A function so the way of resolving can be swapped; the production
 * implementation compares the placeholder's value profile with a read-only census of the
 * column's keys.
 */
export type JsonKeyResolver = (request: JsonKeyResolutionRequest) => Promise<JsonKeyResolution>;
