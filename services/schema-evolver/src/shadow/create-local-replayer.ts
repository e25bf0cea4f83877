import pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { drawParameters } from './draw-parameters.js';
import { planShapeOf } from './plan-shape-of.js';
import { seededRandom } from './seeded-random.js';
import type { FingerprintMeasurement, ReplayRequest, ReplayStatement, SideMeasurement, WorkloadReplayer } from './workload-replayer.js';

interface Side {
  readonly client: pg.Client;
  latencies: Map<string, number[]>;
  errors: Map<string, { count: number; code: string | null }>;
}

function sqlStateOf(error: unknown): string | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

async function open(url: string, timeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'shadowtune-ab-replay', options: `-c statement_timeout=${Math.round(timeoutMs)}` });
  try {
    await client.connect();
  } catch (error) {
    throw new ShadowtuneError('SHADOW_FAILED', 'cannot connect to a shadow copy', { cause: toDatabaseError(error) });
  }
  client.on('error', () => {
    // A lost connection surfaces as a failed query.
  });
  return client;
}

/** Runs one statement inside a transaction that is rolled back (writes leave no trace); ms, or the error. */
async function execute(client: pg.Client, sql: string, params: readonly (string | null)[]): Promise<number | { error: string | null }> {
  await client.query('BEGIN');
  const started = process.hrtime.bigint();
  try {
    await client.query(sql, params as unknown[]);
    return Number(process.hrtime.bigint() - started) / 1e6;
  } catch (error) {
    return { error: sqlStateOf(error) };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

async function explain(client: pg.Client, statement: ReplayStatement, params: readonly (string | null)[]): Promise<{ cost: number | null; shape: string | null }> {
  await client.query('BEGIN');
  try {
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${statement.sql}`, params as unknown[]);
    const plan = result.rows[0]!['QUERY PLAN'][0].Plan;
    const kind = /^\s*(SELECT|WITH|VALUES|TABLE)\b/i.test(statement.sql) ? 'read' : 'write';
    return { cost: Number(plan['Total Cost']), shape: `${kind}:${planShapeOf(plan)}` };
  } catch {
    return { cost: null, shape: null };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/**
 * The replayer that runs in this process: one session per copy, the fingerprints in the
 * observed mix (shuffled with a seed), each execution run on both copies in a random
 * order (so drift on the machine hits both sides alike), inside a rolled-back
 * transaction; latency measured around the statement alone. EXPLAIN of the first drawn
 * parameters gives each side's plan cost and shape.
 */
export function createLocalReplayer(): WorkloadReplayer {
  return async (request: ReplayRequest) => {
    const random = seededRandom(request.seed);
    const baseline: Side = { client: await open(request.baselineUrl, request.statementTimeoutMs), latencies: new Map(), errors: new Map() };
    let candidate: Side | null = null;
    try {
      candidate = { client: await open(request.candidateUrl, request.statementTimeoutMs), latencies: new Map(), errors: new Map() };
      const sides: [Side, Side] = [baseline, candidate];
      const plans = new Map<string, [{ cost: number | null; shape: string | null }, { cost: number | null; shape: string | null }]>();
      for (const statement of request.statements) {
        const params = drawParameters(statement.parameters, random);
        plans.set(statement.fingerprint, [await explain(baseline.client, statement, params), await explain(candidate.client, statement, params)]);
        for (let i = 0; i < request.warmupRuns; i += 1) {
          const warm = drawParameters(statement.parameters, random);
          for (const side of sides) await execute(side.client, statement.sql, warm);
        }
      }
      const slots = request.statements.flatMap((statement) => Array.from({ length: statement.runs }, () => statement));
      for (let i = slots.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [slots[i], slots[j]] = [slots[j]!, slots[i]!];
      }
      for (const statement of slots) {
        const params = drawParameters(statement.parameters, random);
        const order = random() < 0.5 ? sides : ([sides[1], sides[0]] as const);
        for (const side of order) {
          const outcome = await execute(side.client, statement.sql, params);
          if (typeof outcome === 'number') side.latencies.set(statement.fingerprint, [...(side.latencies.get(statement.fingerprint) ?? []), outcome]);
          else {
            const known = side.errors.get(statement.fingerprint) ?? { count: 0, code: outcome.error };
            side.errors.set(statement.fingerprint, { count: known.count + 1, code: known.code ?? outcome.error });
          }
        }
      }
      const measure = (side: Side, fingerprint: string, plan: { cost: number | null; shape: string | null }): SideMeasurement => ({
        latenciesMs: side.latencies.get(fingerprint) ?? [],
        errors: side.errors.get(fingerprint)?.count ?? 0,
        errorCode: side.errors.get(fingerprint)?.code ?? null,
        planCost: plan.cost,
        planShape: plan.shape,
      });
      return request.statements.map((statement): FingerprintMeasurement => {
        const [a, b] = plans.get(statement.fingerprint)!;
        return { fingerprint: statement.fingerprint, share: statement.share, baseline: measure(baseline, statement.fingerprint, a), candidate: measure(candidate!, statement.fingerprint, b) };
      });
    } finally {
      await baseline.client.end().catch(() => undefined);
      await candidate?.client.end().catch(() => undefined);
    }
  };
}
