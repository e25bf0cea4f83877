import type { DetectionContext } from './detection-context.js';
import type { DetectorResult } from './detected-pattern.js';

/**
 * N_PLUS_ONE: one SELECT fingerprint repeated at least burstMinCalls times (weighted by
 * sampling) within burstWindowMs from the same session — or the same application when
 * sessions are unknown: the loop of an ORM fetching children one parent at a time.
 */
export function detectNPlusOne(context: DetectionContext): DetectorResult {
  const { burst, facts, settings } = context;
  if (burst === null || !burst.isBurst || facts.statementKind !== 'SELECT') return { hits: [], notes: [] };
  const table = facts.references.find((r) => r.table !== null);
  const origin = burst.origin.startsWith('app:') ? `application ${burst.origin.slice(4)}` : 'one session';
  return {
    hits: [
      {
        pattern: 'N_PLUS_ONE',
        severity: burst.callsInWindow >= settings.burstMinCalls * 5 ? 'HIGH' : 'MEDIUM',
        detail: `${Math.round(burst.callsInWindow)} executions within ${settings.burstWindowMs} ms from ${origin} of the same statement on ${table === undefined ? 'the same tables' : `${table.schema}.${table.name}`}: an N+1 loop; fetch the rows in one statement (IN/ANY or a join).`,
        figures: { callsInWindow: burst.callsInWindow, burstWindowMs: settings.burstWindowMs, burstMinCalls: settings.burstMinCalls },
        columns: facts.predicates.filter((p) => p.role === 'FILTER' && p.topLevel).map((p) => ({ column: p.column, role: 'FILTER' as const, operator: p.operator })),
        thresholds: [],
        planNodes: [],
        tables: [],
        skew: [],
      },
    ],
    notes: [],
  };
}
