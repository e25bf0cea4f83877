import type { Type } from 'avsc';
import type { CompatibilityLevel } from './compatibility-level.js';

function canRead(reader: Type, writer: Type): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Checks `candidate` against the subject's existing Avro schemas (oldest first) under `level`,
 * with avsc resolvers: BACKWARD = the new schema reads data written with the old, FORWARD =
 * the old reads the new, FULL = both. Non-transitive levels look at the latest version only.
 * Returns null when compatible, otherwise why not.
 */
export function checkCompatibility(level: CompatibilityLevel, candidate: Type, existing: readonly Type[]): string | null {
  if (level === 'NONE' || existing.length === 0) return null;
  const against = level.endsWith('_TRANSITIVE') ? existing : existing.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  for (const old of against) {
    const problem = (backward ? canRead(candidate, old) : null) ?? (forward ? canRead(old, candidate) : null);
    if (problem !== null) return problem;
  }
  return null;
}
