import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../sql/quote-identifier.js';
import { measureAccessPattern, type AccessPatternMeasurement } from './measure-access-pattern.js';
import type { AccessPattern, PersonaDefinition } from './persona-definition.js';
import { sampleAccessPatternParameters } from './sample-access-pattern-parameters.js';

/** Medians over the representative parameter rows of one pattern. */
export interface MeasurementSummary {
  readonly medianExecutionMs: number;
  readonly medianBuffers: number;
  readonly medianCost: number;
  /** How many of the samples' plans used each index. */
  readonly indexUse: Readonly<Record<string, number>>;
}

/** The same pattern with one of the indexes it relies on dropped (inside a rolled-back savepoint). */
export interface IndexAblation extends MeasurementSummary {
  readonly index: string;
}

export interface AccessPatternEvaluation extends MeasurementSummary {
  readonly id: string;
  readonly kind: AccessPattern['kind'];
  readonly samples: number;
  readonly latencyTargetMs: number;
  readonly meetsLatencyTarget: boolean;
  readonly ablations: readonly IndexAblation[];
}

export interface EvaluatePersonaOptions {
  /** Parameter rows per pattern (default 15). */
  readonly samples?: number;
  /** Patterns to evaluate (default all). */
  readonly patternIds?: readonly string[];
  /** Also measure each pattern without each strategy index it lists (default true). */
  readonly ablate?: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarize(measurements: readonly AccessPatternMeasurement[]): MeasurementSummary {
  const indexUse: Record<string, number> = {};
  for (const m of measurements) for (const index of m.indexes) indexUse[index] = (indexUse[index] ?? 0) + 1;
  return {
    medianExecutionMs: median(measurements.map((m) => m.executionMs)),
    medianBuffers: median(measurements.map((m) => m.sharedBuffers)),
    medianCost: median(measurements.map((m) => m.totalCost)),
    indexUse,
  };
}

async function measureAll(client: pg.ClientBase, pattern: AccessPattern, rows: readonly unknown[][]): Promise<AccessPatternMeasurement[]> {
  // One unmeasured run first so that the first sample does not pay for cold caches alone.
  await measureAccessPattern(client, pattern, rows[0]!);
  const measurements: AccessPatternMeasurement[] = [];
  for (const row of rows) measurements.push(await measureAccessPattern(client, pattern, row));
  return measurements;
}

/**
 * Runs every access pattern of a persona against a filled database with representative
 * parameters and compares the median server execution time to its latency target. With
 * `ablate`, each strategy index a pattern lists is dropped inside a savepoint and the
 * pattern measured again, showing what the index is worth (buffers and planner cost,
 * which do not depend on machine load). Nothing is changed: all of it runs in one
 * transaction that is rolled back.
 */
export async function evaluatePersonaAccessPatterns(client: pg.ClientBase, persona: PersonaDefinition, options: EvaluatePersonaOptions = {}): Promise<AccessPatternEvaluation[]> {
  const sampleCount = options.samples ?? 15;
  const strategyIndexes = new Set(persona.indexingStrategy.indexes.map((i) => i.name));
  const evaluations: AccessPatternEvaluation[] = [];
  await client.query(`SET search_path = ${quoteIdentifier(persona.initialSchema.schemaName)}, public`);
  for (const pattern of persona.accessPatterns) {
    if (options.patternIds && !options.patternIds.includes(pattern.id)) continue;
    // Same parameter rows on every run over the same fill: results are reproducible.
    await client.query('SELECT setseed(0.17)');
    const rows = await sampleAccessPatternParameters(client, pattern, sampleCount);
    if (rows.length === 0) {
      throw new ShadowtuneError('INPUT_INVALID', `parameterSamples of access pattern ${pattern.id} returned no rows; is the database filled?`, {
        context: { personaId: persona.personaId, pattern: pattern.id },
      });
    }
    await client.query('BEGIN');
    try {
      const summary = summarize(await measureAll(client, pattern, rows));
      const ablations: IndexAblation[] = [];
      for (const index of pattern.servedBy) {
        if (options.ablate === false || !strategyIndexes.has(index)) continue;
        await client.query('SAVEPOINT shadowtune_ablation');
        await client.query(`DROP INDEX ${quoteQualifiedName(persona.initialSchema.schemaName, index)}`);
        ablations.push({ index, ...summarize(await measureAll(client, pattern, rows)) });
        await client.query('ROLLBACK TO SAVEPOINT shadowtune_ablation');
      }
      evaluations.push({
        id: pattern.id,
        kind: pattern.kind,
        samples: rows.length,
        latencyTargetMs: pattern.latencyTargetMs,
        meetsLatencyTarget: summary.medianExecutionMs <= pattern.latencyTargetMs,
        ...summary,
        ablations,
      });
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return evaluations;
}
