import type { ParameterTypeClass } from '@shadowtune/shared/contracts/generated-types';
import type { ProductionReader } from '@shadowtune/shared/db/databases';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { JsonKeyResolution, JsonKeyResolver } from './json-key-resolver.js';

/** Keys compared at most (the most frequent in the sample). */
const MAX_KEYS = 30;

interface KeyCensus {
  readonly key: string;
  readonly present: number;
  readonly distinctValues: number;
  readonly topCount: number;
  readonly jsonType: string | null;
}

/** JSON types that hold values of a profile class; a string holding a number or boolean is a weaker fit. */
const TYPE_OF_CLASS: Partial<Record<ParameterTypeClass, { readonly fits: readonly string[]; readonly weak: readonly string[] }>> = {
  TEXT: { fits: ['string'], weak: [] },
  UUID: { fits: ['string'], weak: [] },
  DATE_TIME: { fits: ['string'], weak: [] },
  INTEGER: { fits: ['number'], weak: ['string'] },
  DECIMAL: { fits: ['number'], weak: ['string'] },
  BOOLEAN: { fits: ['boolean'], weak: ['string'] },
  JSON: { fits: ['object', 'array'], weak: [] },
};

/**
 * Resolves a JSON key capture stripped by comparing the profile of the values the key's
 * reads are compared with (type class, distinct values, share of the top value) with a
 * census of the column's keys read on production (a sample of rows; only counts leave
 * the server). Distinct counts are compared as a sample of the profile's size would show
 * them, so a high-cardinality key matches a profile whose values were all different. The best-matching key wins only when it matches `margin` times better than
 * the runner-up; otherwise the candidate is reported ambiguous.
 */
export function createProductionJsonKeyResolver(reader: ProductionReader, options: { readonly sampleRows: number; readonly margin: number }): JsonKeyResolver {
  return async (request): Promise<JsonKeyResolution> => {
    const relation = quoteQualifiedName(request.table.schema, request.table.name);
    const column = quoteIdentifier(request.column);
    const limit = Math.floor(options.sampleRows);
    const source = request.rowEstimate > limit * 20 ? `${relation} TABLESAMPLE SYSTEM (${Math.min(100, (limit * 200) / request.rowEstimate).toFixed(4)})` : relation;
    const sample = `SELECT ${column} AS doc FROM ${source} WHERE jsonb_typeof(${column}) = 'object' LIMIT ${limit}`;
    let census: KeyCensus[];
    try {
      const result = await reader.query<{ key: string; present: string; distinct_values: string; top_count: string | null; json_type: string | null }>(
        `WITH s AS (${sample}),
              k AS (SELECT key FROM s, jsonb_object_keys(s.doc) AS key GROUP BY key ORDER BY count(*) DESC, key LIMIT ${MAX_KEYS})
         SELECT k.key,
                count(s.doc -> k.key) AS present,
                count(DISTINCT s.doc ->> k.key) AS distinct_values,
                (SELECT max(c) FROM (SELECT count(*) AS c FROM s AS s2 WHERE s2.doc ? k.key GROUP BY s2.doc ->> k.key) AS g) AS top_count,
                mode() WITHIN GROUP (ORDER BY jsonb_typeof(s.doc -> k.key)) AS json_type
           FROM k CROSS JOIN s GROUP BY k.key`,
      );
      census = result.rows.map((r) => ({ key: r.key, present: Number(r.present), distinctValues: Number(r.distinct_values), topCount: Number(r.top_count ?? 0), jsonType: r.json_type }));
    } catch (error) {
      return { kind: 'unavailable', detail: `the key census on production failed (${(error as { code?: string }).code ?? 'error'})` };
    }
    if (census.length === 0) return { kind: 'unavailable', detail: 'the sampled rows hold no JSON object keys' };
    if (census.length === 1) return { kind: 'resolved', key: census[0]!.key, evidence: { keyCandidates: 1, keyMatchScore: 0 } };
    if (request.valueProfiles.length === 0) {
      return { kind: 'ambiguous', detail: `${census.length} keys in the column and no compared values to tell them apart`, evidence: { keyCandidates: census.length } };
    }
    const scored = census
      .map((entry) => {
        let score = 0;
        for (const profile of request.valueProfiles) {
          const types = TYPE_OF_CLASS[profile.typeClass];
          if (types !== undefined && entry.jsonType !== null && !types.fits.includes(entry.jsonType)) score += types.weak.includes(entry.jsonType) ? 1 : 10;
          // Distinct values a sample of the profile's size would show if drawn from this key (uniformly).
          const d = Math.max(entry.distinctValues, 1);
          const expected = d * (1 - (1 - 1 / d) ** Math.max(profile.sampleCount, 1));
          score += Math.abs(Math.log((profile.distinctEstimate + 1) / (expected + 1)));
          score += 2 * Math.abs(profile.topShare - (entry.present > 0 ? entry.topCount / entry.present : 0));
        }
        return { entry, score: score / request.valueProfiles.length };
      })
      .sort((a, b) => a.score - b.score);
    const best = scored[0]!;
    const runnerUp = scored[1]!;
    const evidence = { keyCandidates: census.length, keyMatchScore: best.score, keyRunnerUpScore: runnerUp.score, keyPresence: best.entry.present };
    // Scores are distances; a small floor keeps a perfect match from winning by division alone.
    if ((runnerUp.score + 0.05) / (best.score + 0.05) >= options.margin) return { kind: 'resolved', key: best.entry.key, evidence };
    return {
      kind: 'ambiguous',
      detail: `keys ${best.entry.key} and ${runnerUp.entry.key} match the compared values about as well (scores ${best.score.toFixed(2)} and ${runnerUp.score.toFixed(2)})`,
      evidence,
    };
  };
}
