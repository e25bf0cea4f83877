import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { extractStatementUsage } from '../usage/extract-statement-usage.js';
import type { WorkloadStatement } from '../workload/workload-statement.js';
import { collectHotAccess } from './collect-hot-access.js';
import { collectHotJsonKeys } from './collect-hot-json-keys.js';
import { collectMissingReferences } from './collect-missing-references.js';
import { collectTimeRanges } from './collect-time-ranges.js';
import { collectTypeMismatches } from './collect-type-mismatches.js';
import type { FrequentQueries, SkippedStatement } from './data-analysis-results.js';
import { mineAssociationRules, type AssociationSettings } from './mine-association-rules.js';
import type { UsedStatement } from './used-statement.js';

export interface FrequentQuerySettings extends AssociationSettings {
  /** Half-life of the time weighting, or null for none. */
  readonly decayHalfLifeMs: number | null;
}

/**
 * Weighs every statement of the workload by the time it takes (a statement without a
 * duration counts as the workload's mean per call; an old one fades with the half-life
 * when configured) and reads what it does to the schema. Statements it cannot use are
 * listed with a reason.
 */
export function analyzeFrequentQueries(
  workload: readonly WorkloadStatement[],
  model: SchemaModel,
  settings: FrequentQuerySettings,
  now: number,
): { frequentQueries: FrequentQueries; used: UsedStatement[] } {
  const timed = workload.filter((s) => s.totalMs > 0);
  const timedCalls = timed.reduce((sum, s) => sum + s.calls, 0);
  const meanMs = timedCalls > 0 ? timed.reduce((sum, s) => sum + s.totalMs, 0) / timedCalls : 1;
  const skipped: SkippedStatement[] = [];
  const used: UsedStatement[] = [];
  for (const statement of workload) {
    if (!statement.parsed) {
      skipped.push({ fingerprint: statement.fingerprint, reasonCode: 'UNPARSED' });
      continue;
    }
    let usage;
    try {
      usage = extractStatementUsage(statement.normalizedSql, model);
    } catch (error) {
      if (error instanceof ShadowtuneError) {
        skipped.push({ fingerprint: statement.fingerprint, reasonCode: 'STATEMENT_UNPARSABLE' });
        continue;
      }
      throw error;
    }
    if (usage.kind === 'OTHER') {
      skipped.push({ fingerprint: statement.fingerprint, reasonCode: 'NOT_DML' });
      continue;
    }
    if (usage.tables.length === 0 && usage.missingTables.length === 0) {
      skipped.push({ fingerprint: statement.fingerprint, reasonCode: 'NO_KNOWN_TABLE' });
      continue;
    }
    const base = statement.totalMs > 0 ? statement.totalMs : statement.calls * meanMs;
    const decay = settings.decayHalfLifeMs === null ? 1 : 2 ** (-Math.max(0, now - statement.lastSeenAt) / settings.decayHalfLifeMs);
    used.push({ statement, usage, weight: base * decay });
  }
  const totalWeight = used.reduce((sum, u) => sum + u.weight, 0);
  const hot = collectHotAccess(used, totalWeight);
  const association = mineAssociationRules(used, model, settings);
  const missing = collectMissingReferences(used, model);
  return {
    used,
    frequentQueries: {
      totalCalls: used.reduce((sum, u) => sum + u.statement.calls, 0),
      totalWeight,
      statements: used.map((u) => ({
        fingerprint: u.statement.fingerprint,
        calls: u.statement.calls,
        totalMs: u.statement.totalMs,
        weight: u.weight,
        share: totalWeight > 0 ? u.weight / totalWeight : 0,
        tables: u.usage.tables,
      })),
      skipped,
      hotTables: hot.tables,
      hotColumns: hot.columns,
      associationRules: association.rules,
      frequentColumnSets: association.sets,
      jsonKeys: collectHotJsonKeys(used, totalWeight),
      typeMismatches: collectTypeMismatches(used, model, totalWeight),
      timeRanges: collectTimeRanges(used, model),
      missingReferences: missing.references,
      missingTables: missing.tables,
    },
  };
}
