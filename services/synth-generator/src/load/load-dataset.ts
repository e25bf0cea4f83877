import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { compileGenerators } from '../generate/compile-generators.js';
import { createRowStream } from '../generate/create-row-stream.js';
import type { TableGenerator } from '../generate/table-generator.js';
import type { GenerationPlan, TablePlan } from '../plan/generation-plan.js';
import { copyRows } from './copy-rows.js';
import type { LoadProgress } from './load-progress.js';
import { loadWithServerChecks } from './load-with-server-checks.js';
import { readIdentityProgressions } from './read-identity-progressions.js';

export interface LoadDatasetOptions {
  /** Shadow database pool; one or two connections are taken from it. */
  readonly pool: pg.Pool;
  readonly plan: GenerationPlan;
  /** Connections loading side by side (independent tables, halves of a big table). */
  readonly connections?: 1 | 2;
  /** A splittable table with at least this many rows loads as two halves on two connections. */
  readonly splitThresholdRows?: number;
  /** Redraw rounds for rows a server-validated CHECK rejects. */
  readonly redrawRounds?: number;
  readonly analyze?: boolean;
  readonly onProgress?: (event: LoadProgress) => void;
}

export interface TableLoadReport {
  readonly schema: string;
  readonly name: string;
  /** Rows in the table after the load (count(*)). */
  readonly rows: number;
  readonly plannedRows: number;
  readonly deep: boolean;
  readonly loadMs: number;
  readonly redrawnRows: number;
  readonly nulledRows: number;
  readonly droppedRows: number;
}

export interface LoadReport {
  readonly tables: readonly TableLoadReport[];
  readonly notes: readonly string[];
  readonly totalMs: number;
}

interface Job {
  readonly unit: number;
  run(client: pg.ClientBase): Promise<void>;
}

async function run(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await client.query(sql, params);
  } catch (error) {
    throw toDatabaseError(error, sql);
  }
}

const tableName = (t: TablePlan): string => `${t.schema}.${t.name}`;

/**
 * Loads a planned dataset into the shadow: truncates the tables, restarts their sequences,
 * streams every table through COPY in load units (parents first; a cycle through deferrable
 * keys in one transaction; a non-deferrable cycle key dropped and re-added, which makes the
 * server validate every row), on up to two connections, then ANALYZEs and counts. Every
 * constraint stays enforced by the server; nothing is held in memory but a few chunks.
 */
export async function loadDataset(options: LoadDatasetOptions): Promise<LoadReport> {
  const { plan, pool } = options;
  const started = performance.now();
  const connections = options.connections ?? 2;
  const splitThreshold = options.splitThresholdRows ?? 200_000;
  const rounds = options.redrawRounds ?? 8;
  const notes: string[] = [];
  const rowsTotal = plan.tables.reduce((sum, t) => sum + t.rows, 0);
  let rowsLoaded = 0;
  const tableLoaded = new Map<string, number>();
  const timing = new Map<string, { start: number; end: number }>();
  const outcomes = new Map<string, { redrawn: number; nulled: number; dropped: number }>();
  const progress = (table: TablePlan, phase: LoadProgress['phase'], rows: number): void => {
    const key = tableName(table);
    rowsLoaded += rows;
    tableLoaded.set(key, (tableLoaded.get(key) ?? 0) + rows);
    options.onProgress?.({ table: key, phase, tableRowsLoaded: tableLoaded.get(key) ?? 0, tableRows: table.rows, rowsLoaded, rowsTotal });
  };
  const timed = async <T>(table: TablePlan, work: () => Promise<T>): Promise<T> => {
    const key = tableName(table);
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const previous = timing.get(key);
      timing.set(key, { start: Math.min(previous?.start ?? t0, t0), end: Math.max(previous?.end ?? 0, performance.now()) });
    }
  };

  const connect = (): Promise<pg.PoolClient> =>
    pool.connect().catch((error: unknown) => {
      throw toDatabaseError(error);
    });
  const clients: pg.PoolClient[] = [await connect()];
  try {
    if (connections === 2) clients.push(await connect());
    const primary = clients[0] as pg.PoolClient;
    if (plan.tables.length > 0) {
      await run(primary, `TRUNCATE ${plan.tables.map((t) => quoteQualifiedName(t.schema, t.name)).join(', ')} RESTART IDENTITY CASCADE`);
    }
    const identity = await readIdentityProgressions(primary, plan);

    // Cycle keys that cannot be deferred: dropped now, re-added (and so validated) at the end.
    const readd: { table: TablePlan; constraint: string; definition: string }[] = [];
    for (const table of plan.tables) {
      for (const fk of table.foreignKeys) {
        if (fk.loadMode !== 'drop-and-readd') continue;
        const def = await run(primary, `SELECT pg_catalog.pg_get_constraintdef(oid) AS definition FROM pg_catalog.pg_constraint WHERE conrelid = $1::regclass AND conname = $2`, [quoteQualifiedName(table.schema, table.name), fk.constraint]);
        const definition = (def.rows[0] as { definition?: string } | undefined)?.definition;
        if (definition === undefined) continue;
        await run(primary, `ALTER TABLE ${quoteQualifiedName(table.schema, table.name)} DROP CONSTRAINT ${quoteIdentifier(fk.constraint)}`);
        readd.push({ table, constraint: fk.constraint, definition });
        notes.push(`${tableName(table)}.${fk.constraint}: cycle through a non-deferrable key; dropped for the load and re-added (validated by the server)`);
      }
    }

    const generators = compileGenerators(plan, { identity });
    const redrawGenerators = new Map<number, Map<string, TableGenerator>>([[0, generators]]);
    const generatorFor = (table: TablePlan, round: number): TableGenerator => {
      let set = redrawGenerators.get(round);
      if (set === undefined) {
        set = compileGenerators(plan, { identity, redrawRound: round });
        redrawGenerators.set(round, set);
      }
      return set.get(tableName(table)) as TableGenerator;
    };

    const loadTable = async (client: pg.ClientBase, table: TablePlan, range: { from: number; to: number }): Promise<void> => {
      if (table.rows === 0) return;
      await timed(table, async () => {
        if (table.serverValidatedChecks.length > 0) {
          const outcome = await loadWithServerChecks(client, table, (round) => generatorFor(table, round), rounds, (rows) => progress(table, 'validate', rows));
          outcomes.set(tableName(table), { redrawn: outcome.redrawn, nulled: outcome.nulled, dropped: outcome.dropped });
          if (outcome.redrawn > 0) {
            notes.push(`${tableName(table)}: ${outcome.redrawn} rows rejected by CHECKs the generator does not interpret; redrawn, ${outcome.nulled} set to NULL, ${outcome.dropped} dropped`);
          }
          return;
        }
        const generator = generators.get(tableName(table)) as TableGenerator;
        await copyRows(client, table.schema, table.name, generator.copyColumns, createRowStream(generator, range, { onRows: (rows) => progress(table, 'copy', rows) }));
      });
    };

    const jobs: Job[] = [];
    plan.units.forEach((unit, unitIndex) => {
      const tables = unit.tables.map((i) => plan.tables[i] as TablePlan);
      if (unit.deferred) {
        jobs.push({
          unit: unitIndex,
          async run(client) {
            await run(client, 'BEGIN');
            try {
              await run(client, 'SET CONSTRAINTS ALL DEFERRED');
              for (const table of tables) await loadTable(client, table, { from: 0, to: table.rows });
              await run(client, 'COMMIT');
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw error;
            }
          },
        });
        return;
      }
      if (tables.length > 1) {
        // A cycle broken by dropping a key: its tables still load in order, one after the other.
        jobs.push({
          unit: unitIndex,
          async run(client) {
            for (const table of tables) await loadTable(client, table, { from: 0, to: table.rows });
          },
        });
        return;
      }
      for (const table of tables) {
        if (connections === 2 && table.splittable && table.rows >= splitThreshold) {
          const middle = Math.floor(table.rows / 2);
          jobs.push({ unit: unitIndex, run: (client) => loadTable(client, table, { from: 0, to: middle }) });
          jobs.push({ unit: unitIndex, run: (client) => loadTable(client, table, { from: middle, to: table.rows }) });
        } else {
          jobs.push({ unit: unitIndex, run: (client) => loadTable(client, table, { from: 0, to: table.rows }) });
        }
      }
    });
    const readdAll = async (): Promise<void> => {
      for (const { table, definition, constraint } of readd) {
        // Server-printed definition read from this shadow's own catalog just before the drop.
        await run(primary, `ALTER TABLE ${quoteQualifiedName(table.schema, table.name)} ADD CONSTRAINT ${quoteIdentifier(constraint)} ${definition}`);
      }
    };
    try {
      await runJobs(jobs, plan.units.map((u) => u.dependsOn), clients);
    } catch (error) {
      // A failed load must not leave the shadow without a constraint: its partial rows go,
      // the dropped keys come back.
      if (readd.length > 0) {
        await run(primary, `TRUNCATE ${plan.tables.map((t) => quoteQualifiedName(t.schema, t.name)).join(', ')} CASCADE`).catch(() => undefined);
        await readdAll().catch(() => undefined);
      }
      throw error;
    }
    await readdAll();

    if (options.analyze ?? true) {
      await Promise.all(
        clients.map(async (client, lane) => {
          for (let i = lane; i < plan.tables.length; i += clients.length) {
            const table = plan.tables[i] as TablePlan;
            await run(client, `ANALYZE ${quoteQualifiedName(table.schema, table.name)}`);
            options.onProgress?.({ table: tableName(table), phase: 'analyze', tableRowsLoaded: tableLoaded.get(tableName(table)) ?? 0, tableRows: table.rows, rowsLoaded, rowsTotal });
          }
        }),
      );
    }
    const reports: TableLoadReport[] = [];
    for (const table of plan.tables) {
      const count = await run(primary, `SELECT count(*)::float8 AS n FROM ${quoteQualifiedName(table.schema, table.name)}`);
      const t = timing.get(tableName(table));
      const outcome = outcomes.get(tableName(table));
      reports.push({
        schema: table.schema,
        name: table.name,
        rows: Number((count.rows[0] as { n: number }).n),
        plannedRows: table.rows,
        deep: table.deep,
        loadMs: t === undefined ? 0 : t.end - t.start,
        redrawnRows: outcome?.redrawn ?? 0,
        nulledRows: outcome?.nulled ?? 0,
        droppedRows: outcome?.dropped ?? 0,
      });
      options.onProgress?.({ table: tableName(table), phase: 'done', tableRowsLoaded: tableLoaded.get(tableName(table)) ?? 0, tableRows: table.rows, rowsLoaded, rowsTotal });
    }
    return { tables: reports, notes, totalMs: performance.now() - started };
  } finally {
    for (const client of clients) client.release();
  }
}

/**
 * Runs jobs on the given connections: a job starts once every unit its unit depends on has
 * finished. The first failure stops new jobs; running ones finish, then it is raised.
 */
async function runJobs(jobs: readonly Job[], dependsOn: readonly (readonly number[])[], clients: readonly pg.ClientBase[]): Promise<void> {
  const remaining = new Map<number, number>();
  for (const job of jobs) remaining.set(job.unit, (remaining.get(job.unit) ?? 0) + 1);
  const finished = new Set<number>();
  dependsOn.forEach((_, unit) => {
    if (!remaining.has(unit)) finished.add(unit);
  });
  const queue = [...jobs];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const changed = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  let running = 0;
  const nextReady = (): Job | undefined => {
    const index = queue.findIndex((job) => (dependsOn[job.unit] ?? []).every((u) => finished.has(u)));
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  };
  const worker = async (client: pg.ClientBase): Promise<void> => {
    for (;;) {
      if (failure !== null || queue.length === 0) return;
      const job = nextReady();
      if (job === undefined) {
        if (running === 0) {
          failure = new ShadowtuneError('INTERNAL', 'load units wait on each other');
          changed();
          return;
        }
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      running += 1;
      try {
        await job.run(client);
        const left = (remaining.get(job.unit) ?? 1) - 1;
        remaining.set(job.unit, left);
        if (left === 0) finished.add(job.unit);
      } catch (error) {
        failure ??= toShadowtuneError(error, 'SHADOW_FAILED');
      } finally {
        running -= 1;
        changed();
      }
    }
  };
  await Promise.all(clients.map(worker));
  if (failure !== null) throw failure;
}
