import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { MeasureRequestOptions } from './measure/measure-request.js';

/** The measuring settings of the configuration. */
export function benchRunnerOptions(config: ShadowtuneConfig): MeasureRequestOptions {
  const bench = config.services.benchRunner;
  return {
    parameterSetsPerClass: bench.parameterSetsPerClass,
    heavyHitterValues: bench.heavyHitterValues,
    limitValue: bench.limitValue,
    offsetValue: bench.offsetValue,
    adversarialRows: bench.adversarialRows,
    writeCostRows: bench.writeCostRows,
    writeCostRepeats: bench.writeCostRepeats,
    lockTimeoutMs: bench.lockTimeoutMs,
    setupTimeoutMs: bench.setupTimeoutMs,
    largeTableRows: config.performanceThreshold.largeTableRows,
    guardRuns: 3,
  };
}
