import { indexSignature, type IndexCandidate } from './index-candidate.js';
import { comparableOfCandidate, indexServes } from './index-serves.js';

export interface ConsolidatedCandidate {
  readonly candidate: IndexCandidate;
  /** Signatures of the candidates this one also serves (their statements are its statements too). */
  readonly serves: readonly string[];
}

/**
 * Consolidates candidates of several statements on the same tables: identical indexes
 * become one serving all their statements, and an index that serves another (its leading
 * keys, order and INCLUDE columns cover the other's) takes over the other's statements —
 * one index serving several queries beats several. The narrower candidates are kept as
 * alternatives; measurement decides.
 */
export function consolidateIndexCandidates(candidates: readonly IndexCandidate[]): ConsolidatedCandidate[] {
  const merged = new Map<string, IndexCandidate>();
  for (const candidate of candidates) {
    const signature = indexSignature(candidate);
    const existing = merged.get(signature);
    merged.set(signature, existing ? { ...existing, fingerprints: [...new Set([...existing.fingerprints, ...candidate.fingerprints])] } : candidate);
  }
  const all = [...merged.values()];
  return all.map((candidate) => {
    const comparable = comparableOfCandidate(candidate);
    const served = all.filter((other) => other !== candidate && other.schema === candidate.schema && other.table === candidate.table && indexServes(comparable, comparableOfCandidate(other), other.equalityPrefix));
    const fingerprints = new Set(candidate.fingerprints);
    for (const other of served) for (const f of other.fingerprints) fingerprints.add(f);
    return { candidate: { ...candidate, fingerprints: [...fingerprints].sort() }, serves: served.map(indexSignature) };
  });
}
