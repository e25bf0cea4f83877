import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { JudgeOptions } from './evaluate/judge-candidate.js';
import type { PlanOptions } from './evaluate/plan-evaluation.js';

export function planOptionsOf(config: ShadowtuneConfig): PlanOptions {
  const engine = config.services.rewriteEngine;
  return {
    maxIndexColumns: engine.maxIndexColumns,
    maxIncludeColumns: engine.maxIncludeColumns,
    maxCandidatesPerFinding: engine.maxCandidatesPerFinding,
    maxGuards: engine.maxGuards,
    partialNullFraction: engine.partialNullFraction,
    partialDominantShare: engine.partialIndexDominantShare,
    benchRuns: engine.benchRuns,
    benchWarmupRuns: engine.benchWarmupRuns,
    benchStatementTimeoutMs: engine.benchStatementTimeoutMs,
  };
}

export function judgeOptionsOf(config: ShadowtuneConfig): JudgeOptions {
  const engine = config.services.rewriteEngine;
  return {
    minSpeedup: engine.minSpeedup,
    regressionTolerance: engine.regressionTolerance,
    regressionFloorMs: engine.regressionFloorMs,
    maxWriteCostFactor: engine.maxWriteCostFactor,
  };
}
