import type pg from 'pg';
import type { BenchRequest, BenchResult, BenchVariant, EquivalenceCheck, VariantFailure, VariantMeasurement, WriteCost } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { drawParameterSets, type DrawnParameterSets } from '../params/draw-parameter-sets.js';
import { analyzeStatement } from '@shadowtune/shared/sql/statement/analyze-statement';
import type { StatementShape } from '@shadowtune/shared/sql/statement/statement-shape';
import { checkEquivalence } from './check-equivalence.js';
import { classifySetup } from './classify-setup.js';
import { measureVariants, prepareVariants, teardownVariant, type MeasuredQuery, type PreparedVariant } from './measure-variants.js';
import { measureWriteCost } from './measure-write-cost.js';

export interface MeasureRequestOptions {
  readonly parameterSetsPerClass: number;
  readonly heavyHitterValues: number;
  readonly limitValue: number;
  readonly offsetValue: number;
  readonly adversarialRows: number;
  readonly writeCostRows: number;
  readonly writeCostRepeats: number;
  readonly lockTimeoutMs: number;
  readonly setupTimeoutMs: number;
  readonly largeTableRows: number;
  /** Guards get at most this many measured runs (they only need to show a regression). */
  readonly guardRuns: number;
}

/** The measurement of one request: everything a BenchResult holds but its ids and time. */
export type Measurement = Pick<BenchResult, 'measurements' | 'equivalence' | 'writeCosts' | 'failures'>;

function classesOf(drawn: DrawnParameterSets): MeasuredQuery['classes'] {
  if (drawn.tail.length === 0) return [{ parameterClass: 'NONE', sets: drawn.heavy }];
  return [
    { parameterClass: 'HEAVY_HITTER', sets: drawn.heavy },
    { parameterClass: 'TAIL', sets: drawn.tail },
  ];
}

function tablesOf(shape: StatementShape): TableModel[] {
  const seen = new Map<string, TableModel>();
  for (const use of shape.tables) if (use.table) seen.set(`${use.table.schema}.${use.table.name}`, use.table);
  return [...seen.values()];
}

/**
 * Measures a bench request on one shadow connection: draws parameter sets from the
 * shadow's data for the statement and each guard, builds the variants' indexes, measures
 * all variants interleaved (variants whose setup is more than index builds and removals
 * are measured alone afterwards), checks row equivalence of rewrites and the write cost
 * of indexes when asked, and tears everything down. Failures of single variants are
 * reported in the result; only a statement that cannot be read at all fails the request.
 */
export async function measureRequest(client: pg.ClientBase, request: BenchRequest, options: MeasureRequestOptions): Promise<Measurement> {
  await loadSqlParser();
  const baseline = request.variants[0];
  if (!baseline) throw new ShadowtuneError('INPUT_INVALID', 'a bench request needs at least its baseline variant');
  let model: SchemaModel | null = null;
  try {
    model = await introspectSchema(client);
  } catch {
    model = null; // Parameters can still be drawn from column names; adversarial rows need the model.
  }
  const failures: VariantFailure[] = [];
  const measurements: VariantMeasurement[] = [];
  const equivalence: EquivalenceCheck[] = [];
  const writeCosts: WriteCost[] = [];

  let shape: StatementShape;
  try {
    shape = analyzeStatement(baseline.querySql, model);
  } catch (error) {
    const failure = error instanceof ShadowtuneError ? error : new ShadowtuneError('STATEMENT_UNPARSABLE', String(error));
    return { measurements: [], equivalence: [], writeCosts: [], failures: request.variants.map((v) => ({ variantId: v.variantId, code: failure.code, message: failure.message })) };
  }
  const drawOptions = {
    perClass: options.parameterSetsPerClass,
    heavyHitterValues: options.heavyHitterValues,
    limitValue: options.limitValue,
    offsetValue: options.offsetValue,
  };
  const drawn = await drawParameterSets(client, shape, { ...drawOptions, hints: request.parameterHints });
  const queries: MeasuredQuery[] = [
    {
      fingerprint: null,
      sqlOf: (variant) => variant.querySql,
      classes: classesOf(drawn),
      runs: request.runs,
      warmupRuns: request.warmupRuns,
      plainRuns: shape.kind === 'SELECT',
      write: shape.kind !== 'SELECT',
    },
  ];
  for (const guard of request.guards) {
    try {
      const guardShape = analyzeStatement(guard.querySql, model);
      if (guardShape.kind !== 'SELECT') continue; // Writes are weighed by the write-cost measurement.
      const guardSets = await drawParameterSets(client, guardShape, { ...drawOptions, perClass: 1, hints: {} });
      queries.push({
        fingerprint: guard.fingerprint,
        sqlOf: (variant) => (variant.kind === 'REWRITE' ? null : guard.querySql),
        classes: classesOf(guardSets),
        runs: Math.min(request.runs, options.guardRuns),
        warmupRuns: Math.min(request.warmupRuns, 1),
        plainRuns: false,
        write: false,
      });
    } catch {
      // A guard that cannot be read or drawn for is left out; the request's own statement is what matters.
    }
  }

  const measureOptions = {
    statementTimeoutMs: request.statementTimeoutMs,
    lockTimeoutMs: options.lockTimeoutMs,
    setupTimeoutMs: options.setupTimeoutMs,
    largeTableRows: options.largeTableRows,
  };
  // Variants that change more than indexes would change the others' runs: they are measured alone, after.
  const isAlone = (variant: BenchVariant): boolean => {
    try {
      return !classifySetup(variant.setupSql).interleavable;
    } catch {
      return false; // prepareVariants reports it
    }
  };
  const alone = request.variants.filter(isAlone);
  const interleaved: PreparedVariant[] = await prepareVariants(client, request.variants.filter((v) => !isAlone(v)), measureOptions, failures);
  try {
    measurements.push(...(await measureVariants(client, interleaved, queries, measureOptions, failures)));

    if (request.checkEquivalence) {
      const sets = [...drawn.heavy, ...drawn.tail, ...drawn.empty];
      for (const p of interleaved.filter((v) => v.variant.kind === 'REWRITE')) {
        equivalence.push(
          await checkEquivalence(client, p.variant.variantId, baseline.querySql, p.variant.querySql, sets, tablesOf(shape), {
            statementTimeoutMs: request.statementTimeoutMs,
            adversarialRows: options.adversarialRows,
          }),
        );
      }
    }
    if (request.measureWriteCost && model) {
      for (const p of interleaved.filter((v) => v.variant.kind === 'INDEX' && v.owned.length > 0)) {
        const tables = model.tables.filter((t) => p.owned.some((o) => o.schema === t.schema && o.table === t.name));
        writeCosts.push(
          ...(await measureWriteCost(client, p, interleaved, tables, {
            rows: options.writeCostRows,
            repeats: options.writeCostRepeats,
            statementTimeoutMs: request.statementTimeoutMs,
            lockTimeoutMs: options.lockTimeoutMs,
          })),
        );
      }
    }
  } finally {
    for (const p of interleaved) await teardownVariant(client, p);
  }

  for (const variant of alone) {
    const single = await prepareVariants(client, [variant], measureOptions, failures);
    try {
      measurements.push(...(await measureVariants(client, single, queries, measureOptions, failures)));
    } finally {
      for (const p of single) await teardownVariant(client, p);
    }
  }
  return { measurements, equivalence, writeCosts, failures };
}
