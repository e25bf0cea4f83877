import type pg from 'pg';
import type { BenchVariant, VariantFailure, VariantMeasurement } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { ParameterSet } from '../params/parameter-set.js';
import { classifySetup, type VariantSetup } from './classify-setup.js';
import { runExplain, type ExplainRun } from './run-explain.js';
import { summarizePlan } from './summarize-plan.js';
import { summarizeTimings } from './summarize-timings.js';

/** One statement to measure under every variant: the request's own, or a guard. */
export interface MeasuredQuery {
  /** null for the request's fingerprint, else the guard's. */
  readonly fingerprint: string | null;
  /** SQL per variant id (a REWRITE variant replaces the request's statement). */
  readonly sqlOf: (variant: BenchVariant) => string | null;
  /** Parameter sets per class; runs cycle through them. */
  readonly classes: readonly { readonly parameterClass: 'HEAVY_HITTER' | 'TAIL' | 'NONE'; readonly sets: readonly ParameterSet[] }[];
  readonly runs: number;
  readonly warmupRuns: number;
  /** Also run the statement plainly and time it on the client. */
  readonly plainRuns: boolean;
  /** A write: measured with WAL. */
  readonly write: boolean;
}

export interface MeasureOptions {
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly setupTimeoutMs: number;
  readonly largeTableRows: number;
}

export interface PreparedVariant {
  readonly variant: BenchVariant;
  readonly setup: VariantSetup;
  /** Created indexes, schema-qualified after the build. */
  readonly owned: readonly { readonly schema: string; readonly table: string; readonly name: string }[];
}

export interface MeasureOutcome {
  readonly measurements: readonly VariantMeasurement[];
  readonly failures: readonly VariantFailure[];
  /** The variants that were set up (for equivalence and write-cost checks that follow). */
  readonly prepared: readonly PreparedVariant[];
}

interface Samples {
  readonly execution: number[];
  readonly planning: number[];
  readonly wall: number[];
  readonly runs: ExplainRun[];
  timedOut: boolean;
}

const RAW_TEXT = { getTypeParser: () => (value: string) => value };

async function exec(client: pg.ClientBase, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof ShadowtuneError ? error.code === 'DB_STATEMENT_TIMEOUT' : (error as { code?: string }).code === '57014';
}

function median(values: readonly number[]): number {
  return summarizeTimings(values).median;
}

/** Hides indexes inside the current transaction (rolled back after the run). */
async function hide(client: pg.ClientBase, indexes: readonly { schema: string | null; name: string }[]): Promise<void> {
  for (const index of indexes) {
    const name = index.schema ? quoteQualifiedName(index.schema, index.name) : quoteIdentifier(index.name);
    await exec(client, `DROP INDEX IF EXISTS ${name}`);
  }
}

/** Builds every variant's indexes once; a variant whose setup fails is reported, not fatal. */
export async function prepareVariants(client: pg.ClientBase, variants: readonly BenchVariant[], options: MeasureOptions, failures: VariantFailure[]): Promise<PreparedVariant[]> {
  const prepared: PreparedVariant[] = [];
  // Several variants may build the same index (an index alone, and with an existing one hidden): built once, shared.
  const built = new Set<string>();
  for (const variant of variants) {
    let setup: VariantSetup;
    try {
      setup = classifySetup(variant.setupSql);
    } catch (error) {
      const failure = error instanceof ShadowtuneError ? error : toDatabaseError(error);
      failures.push({ variantId: variant.variantId, code: failure.code, message: failure.message });
      continue;
    }
    try {
      await exec(client, `SET statement_timeout = ${Math.round(options.setupTimeoutMs)}`);
      await exec(client, `SET lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
      for (const index of setup.createdIndexes) {
        if (built.has(index.name)) continue;
        // A build left by an interrupted earlier measurement would be taken for this one.
        await exec(client, `DROP INDEX IF EXISTS ${index.schema ? quoteQualifiedName(index.schema, index.name) : quoteIdentifier(index.name)}`);
      }
      for (const statement of setup.runOnce) {
        if (statement.buildsIndex !== null && built.has(statement.buildsIndex)) continue;
        await exec(client, statement.sql);
      }
      for (const index of setup.createdIndexes) built.add(index.name);
      const owned: { schema: string; table: string; name: string }[] = [];
      for (const index of setup.createdIndexes) {
        const found = await client.query<{ schema: string }>(
          `SELECT n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('i', 'I') AND c.relname = $1 AND ($2::text IS NULL OR n.nspname = $2) ORDER BY n.nspname = ANY (current_schemas(false)) DESC LIMIT 1`,
          [index.name, index.schema],
        );
        owned.push({ schema: found.rows[0]?.schema ?? index.schema ?? 'public', table: index.table, name: index.name });
      }
      // Expression indexes bring their own statistics only after ANALYZE.
      for (const table of new Set(owned.map((o) => quoteQualifiedName(o.schema, o.table)))) await exec(client, `ANALYZE ${table}`);
      prepared.push({ variant, setup, owned });
    } catch (error) {
      const failure = error instanceof ShadowtuneError ? error : toDatabaseError(error);
      failures.push({ variantId: variant.variantId, code: failure.code, message: failure.message });
      const mineOnly = setup.createdIndexes.filter((i) => !built.has(i.name));
      await teardownVariant(client, { variant: { ...variant, teardownSql: [] }, setup, owned: mineOnly.map((i) => ({ schema: i.schema ?? 'public', table: i.table, name: i.name })) }).catch(() => undefined);
    } finally {
      await exec(client, 'RESET statement_timeout').catch(() => undefined);
      await exec(client, 'RESET lock_timeout').catch(() => undefined);
    }
  }
  return prepared;
}

/** Runs a variant's teardown and drops what its setup built. */
export async function teardownVariant(client: pg.ClientBase, prepared: PreparedVariant): Promise<void> {
  for (const sql of prepared.variant.teardownSql) await exec(client, sql).catch(() => undefined);
  for (const index of prepared.owned) await exec(client, `DROP INDEX IF EXISTS ${quoteQualifiedName(index.schema, index.name)}`).catch(() => undefined);
}

/** The indexes to hide while measuring `current`: everyone else's builds, and its own removals. */
export function hiddenFor(current: PreparedVariant, all: readonly PreparedVariant[]): { schema: string | null; name: string }[] {
  const hidden: { schema: string | null; name: string }[] = [];
  const mine = new Set(current.owned.map((o) => `${o.schema}.${o.name}`));
  for (const other of all) if (other !== current) hidden.push(...other.owned.filter((o) => !mine.has(`${o.schema}.${o.name}`)));
  hidden.push(...current.setup.hiddenIndexes);
  return hidden;
}

/**
 * Measures every prepared variant on every query and parameter class in interleaved
 * rounds: each round runs each variant once (in an order that rotates), so drift of the
 * machine is shared by all variants instead of deciding between them. Each run happens in
 * its own transaction, where the indexes that do not belong to the variant are dropped
 * and then rolled back. A run hitting statement_timeout is a result: the variant is marked
 * timed out for that class, its time counted as the timeout, and not run again.
 */
export async function measureVariants(client: pg.ClientBase, prepared: readonly PreparedVariant[], queries: readonly MeasuredQuery[], options: MeasureOptions, failures: VariantFailure[]): Promise<VariantMeasurement[]> {
  const samples = new Map<string, Samples>();
  const keyOf = (variantId: string, query: number, parameterClass: string) => `${variantId}\u0000${query}\u0000${parameterClass}`;
  const failed = new Set(failures.map((f) => f.variantId));
  const active = prepared.filter((p) => !failed.has(p.variant.variantId));
  const maxRounds = Math.max(0, ...queries.map((q) => q.runs + q.warmupRuns));

  for (let round = 0; round < maxRounds; round += 1) {
    for (let q = 0; q < queries.length; q += 1) {
      const query = queries[q]!;
      if (round >= query.runs + query.warmupRuns) continue;
      const measured = round >= query.warmupRuns;
      for (const { parameterClass, sets } of query.classes) {
        if (sets.length === 0) continue;
        const set = sets[round % sets.length]!;
        for (let v = 0; v < active.length; v += 1) {
          const current = active[(v + round) % active.length]!;
          if (failed.has(current.variant.variantId)) continue;
          const sql = query.sqlOf(current.variant);
          if (sql === null) continue;
          const key = keyOf(current.variant.variantId, q, parameterClass);
          let bucket = samples.get(key);
          if (!bucket) samples.set(key, (bucket = { execution: [], planning: [], wall: [], runs: [], timedOut: false }));
          if (bucket.timedOut) continue;
          try {
            await exec(client, 'BEGIN');
            await exec(client, `SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
            await hide(client, hiddenFor(current, active));
            await exec(client, `SET LOCAL statement_timeout = ${Math.round(options.statementTimeoutMs)}`);
            const run = await runExplain(client, sql, set.values, query.write);
            let wall: number | null = null;
            if (query.plainRuns && !query.write) {
              const started = process.hrtime.bigint();
              await client.query({ text: sql, values: set.values as unknown[], rowMode: 'array', types: RAW_TEXT });
              wall = Number(process.hrtime.bigint() - started) / 1e6;
            }
            if (measured) {
              bucket.execution.push(run.executionMs);
              bucket.planning.push(run.planningMs);
              if (wall !== null) bucket.wall.push(wall);
              bucket.runs.push(run);
            }
          } catch (error) {
            if (isTimeout(error)) {
              bucket.timedOut = true;
              bucket.execution.push(options.statementTimeoutMs);
              if (query.plainRuns && !query.write) bucket.wall.push(options.statementTimeoutMs);
            } else {
              const failure = error instanceof ShadowtuneError ? error : toDatabaseError(error);
              failures.push({ variantId: current.variant.variantId, code: failure.code, message: failure.message });
              failed.add(current.variant.variantId);
            }
          } finally {
            await exec(client, 'ROLLBACK').catch(() => undefined);
          }
        }
      }
    }
  }

  const measurements: VariantMeasurement[] = [];
  for (const current of active) {
    if (failed.has(current.variant.variantId)) continue;
    queries.forEach((query, q) => {
      for (const { parameterClass, sets } of query.classes) {
        const bucket = samples.get(keyOf(current.variant.variantId, q, parameterClass));
        if (!bucket || (bucket.runs.length === 0 && !bucket.timedOut)) continue;
        // The representative run: the one with the median execution time.
        const byTime = [...bucket.runs].sort((a, b) => a.executionMs - b.executionMs);
        const representative = byTime[Math.floor(byTime.length / 2)] ?? null;
        const plan = representative ? summarizePlan(representative.plan, options.largeTableRows) : null;
        measurements.push({
          variantId: current.variant.variantId,
          parameterClass,
          runs: bucket.execution.length,
          timedOut: bucket.timedOut,
          executionMs: summarizeTimings(bucket.execution),
          planningMs: summarizeTimings(bucket.planning),
          rows: Math.round(median(bucket.runs.map((r) => r.rows))),
          sharedHitBlocks: Math.round(median(bucket.runs.map((r) => r.sharedHitBlocks))),
          sharedReadBlocks: Math.round(median(bucket.runs.map((r) => r.sharedReadBlocks))),
          tempBlocks: Math.round(median(bucket.runs.map((r) => r.tempBlocks))),
          walBytes: query.write && bucket.runs.length > 0 ? Math.round(median(bucket.runs.map((r) => r.walBytes ?? 0))) : null,
          planShape: plan ? [...plan.planShape] : [],
          fullTableScan: plan?.fullTableScan ?? false,
          joinCost: plan?.joinCost ?? 0,
          missingJoinIndex: plan?.missingJoinIndex ?? false,
          filterCost: plan?.filterCost ?? 0,
          missingFilterIndex: plan?.missingFilterIndex ?? false,
          planJson: representative?.planJson ?? null,
          fingerprint: query.fingerprint,
          wallMs: bucket.wall.length > 0 ? summarizeTimings(bucket.wall) : null,
          parameterSets: sets.length,
          indexesUsed: plan ? [...plan.indexesUsed] : [],
        });
      }
    });
  }
  return measurements;
}
