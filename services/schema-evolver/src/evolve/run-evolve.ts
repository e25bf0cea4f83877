import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { createProductionJsonKeyResolver } from '../proposals/create-production-json-key-resolver.js';
import { createVolumeTrendSource } from '../volume/create-volume-trend-source.js';
import { accumulateSignature } from '../workload/accumulate-signature.js';
import type { WorkloadStatement } from '../workload/workload-statement.js';
import { openEvolveSchema, type EvolveSchemaSource } from './open-evolve-schema.js';
import { planSchemaChanges, type SchemaChangePlanning } from './plan-schema-changes.js';

export interface RunEvolveOptions {
  readonly config: ShadowtuneConfig;
  readonly schema: EvolveSchemaSource;
  /** The capture step: feeds every signature of the workload, in order. */
  readonly capture: (onSignature: (signature: QuerySignature) => Promise<void>) => Promise<{ readonly signatures: number; readonly deadLetters: number }>;
  readonly logger: Logger;
  readonly now?: number;
  readonly onProgress?: (signatures: number) => void;
}

export interface EvolveReport extends SchemaChangePlanning {
  readonly signatures: number;
  readonly deadLetters: number;
  readonly workload: readonly WorkloadStatement[];
}

/**
 * `shadowtune evolve`: capture's pipeline over a log, the workload aggregated per
 * fingerprint, the data pattern analysis and the schema change proposals with their
 * migrations. Production, when given, is only read (schema, time histograms, JSON key
 * census); nothing is applied or measured.
 */
export async function runEvolve(options: RunEvolveOptions): Promise<EvolveReport> {
  const opened = await openEvolveSchema(options.schema);
  try {
    const byFingerprint = new Map<string, WorkloadStatement>();
    let count = 0;
    const summary = await options.capture(async (signature) => {
      byFingerprint.set(signature.fingerprint, accumulateSignature(byFingerprint.get(signature.fingerprint), signature));
      count += 1;
      options.onProgress?.(count);
    });
    const workload = [...byFingerprint.values()];
    const settings = options.config.services.schemaEvolver;
    const planning = await planSchemaChanges({
      workload,
      model: opened.model,
      config: options.config,
      volume: opened.production === null ? null : createVolumeTrendSource({ production: opened.production, catalog: null, samplePercent: settings.volume.histogramSamplePercent, since: new Date(0) }),
      jsonKeyResolver:
        opened.production === null ? null : createProductionJsonKeyResolver(opened.production, { sampleRows: settings.analysis.jsonKeySampleRows, margin: settings.analysis.jsonKeyMatchMargin }),
      now: options.now ?? Date.now(),
    });
    options.logger.info({ signatures: summary.signatures, fingerprints: workload.length, proposals: planning.planned.length, skipped: planning.skipped.length }, 'evolve analysis done');
    return { ...planning, signatures: summary.signatures, deadLetters: summary.deadLetters, workload };
  } finally {
    await opened.close();
  }
}
