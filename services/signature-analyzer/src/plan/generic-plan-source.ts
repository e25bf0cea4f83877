import { randomBytes } from 'node:crypto';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { loadSqlParser, parseStatements } from '@shadowtune/shared/sql/parse-statement';
import type { SqlQuery } from '../sql-query.js';

export interface GenericPlanRequest {
  /** Normalized SQL with $n placeholders (never production literals). */
  readonly sql: string;
  /** Highest placeholder number used. */
  readonly parameterCount: number;
  /** Types inferred from the columns each placeholder is compared with; used when the server cannot infer them. */
  readonly parameterTypes: ReadonlyMap<number, string>;
}

export type GenericPlanResult =
  | { readonly ok: true; readonly plan: unknown; readonly method: 'GENERIC_PLAN' | 'PREPARE' }
  | { readonly ok: false; readonly detail: string };

export interface GenericPlanSource {
  explain(request: GenericPlanRequest): Promise<GenericPlanResult>;
}

export interface GenericPlanSourceOptions {
  /**
   * Runs statements on ONE session (a pg.Client, a pool of one connection, or a
   * ProductionReader created with maxConnections: 1): before PostgreSQL 16 the plan needs
   * PREPARE and EXECUTE on the same session.
   */
  readonly query: SqlQuery;
  /** server_version_num; read with SHOW when not given. */
  readonly serverVersionNum?: number;
  readonly statementTimeoutMs?: number;
}

/** SQLSTATEs meaning "the server could not infer a placeholder's type". */
const INDETERMINATE_TYPE = new Set(['42P18', '42725', '42883']);

function sqlStateOf(error: unknown): string | null {
  const context = (error as { context?: { sqlState?: unknown } }).context;
  return typeof context?.sqlState === 'string' ? context.sqlState : null;
}

/**
 * Whether `text` is a type name and nothing else: the inferred types are pasted into
 * `PREPARE name(types)`, and a cast written in the statement (`$1::"x); DROP …"`) must not
 * be able to smuggle a second statement in. Checked with the grammar itself.
 */
function isTypeName(text: string): boolean {
  if (text.includes(';') || text.includes('\u0000')) return false;
  try {
    const statements = parseStatements(`SELECT NULL::${text}`);
    const select = statements.length === 1 ? (statements[0] as { SelectStmt?: { targetList?: unknown[] } }).SelectStmt : undefined;
    const target = select?.targetList?.length === 1 ? (select.targetList[0] as { ResTarget?: { val?: { TypeCast?: unknown } } }).ResTarget : undefined;
    return target?.val?.TypeCast !== undefined;
  } catch {
    return false;
  }
}

/** Errors that say something about the statement (as opposed to the connection). */
function isStatementError(error: unknown): boolean {
  return error instanceof ShadowtuneError && !error.retriable;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Plans a `$n` statement without values and without executing it: `EXPLAIN (GENERIC_PLAN)`
 * on PostgreSQL 16+, and before that PREPARE + plan_cache_mode = force_generic_plan +
 * `EXPLAIN EXECUTE name(NULL, ...)`. Parameter types are left to the server (`unknown`,
 * as an untyped driver sends them) and, if it cannot infer one, taken from the columns the
 * placeholders are compared with (text otherwise). Parallel plans are turned off so costs
 * measure the whole work, not one worker's share. Calls are serialized: the session is shared.
 * A statement the server rejects gives `ok: false` with its reason; a connection failure throws.
 */
export function createGenericPlanSource(options: GenericPlanSourceOptions): GenericPlanSource {
  const query = options.query;
  const timeout = Math.max(1, Math.floor(options.statementTimeoutMs ?? 5_000));
  let version: number | null = options.serverVersionNum ?? null;
  let queue: Promise<unknown> = Promise.resolve();

  async function serverVersion(): Promise<number> {
    if (version === null) {
      const result = await query<{ server_version_num: string }>('SHOW server_version_num');
      version = Number(result.rows[0]?.server_version_num ?? 0);
    }
    return version;
  }

  async function prepared(request: GenericPlanRequest, types: readonly string[]): Promise<unknown> {
    const name = `shadowtune_plan_${randomBytes(6).toString('hex')}`;
    const typeList = types.length > 0 ? `(${types.join(', ')})` : '';
    await query(`PREPARE ${name}${typeList} AS ${request.sql}`);
    try {
      const args = types.length > 0 ? `(${types.map(() => 'NULL').join(', ')})` : '';
      const result = await query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE ${name}${args}`);
      return result.rows[0]?.['QUERY PLAN'];
    } finally {
      await query(`DEALLOCATE ${name}`).catch(() => undefined);
    }
  }

  async function explainNow(request: GenericPlanRequest): Promise<GenericPlanResult> {
    // The statement is pasted after PREPARE/EXPLAIN: make sure it is exactly one statement.
    await loadSqlParser();
    let count = 0;
    try {
      count = parseStatements(request.sql).length;
    } catch {
      return { ok: false, detail: 'the statement does not parse' };
    }
    if (count !== 1) return { ok: false, detail: `expected one statement, got ${count}` };
    const serverVersionNum = await serverVersion();
    await query(`SET statement_timeout = ${timeout}`);
    await query('SET max_parallel_workers_per_gather = 0');
    try {
      if (serverVersionNum >= 160000) {
        const result = await query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) ${request.sql}`);
        return { ok: true, plan: result.rows[0]?.['QUERY PLAN'], method: 'GENERIC_PLAN' };
      }
      await query('SET plan_cache_mode = force_generic_plan');
      const parameters = request.parameterCount;
      const unknownTypes = Array.from({ length: parameters }, () => 'unknown');
      try {
        return { ok: true, plan: await prepared(request, unknownTypes), method: 'PREPARE' };
      } catch (error) {
        if (!INDETERMINATE_TYPE.has(sqlStateOf(error) ?? '')) throw error;
        const inferred = Array.from({ length: parameters }, (_, i) => {
          const type = request.parameterTypes.get(i + 1);
          return type !== undefined && isTypeName(type) ? type : 'text';
        });
        return { ok: true, plan: await prepared(request, inferred), method: 'PREPARE' };
      }
    } catch (error) {
      if (isStatementError(error)) return { ok: false, detail: messageOf(error) };
      throw error;
    } finally {
      await query('RESET plan_cache_mode').catch(() => undefined);
      await query('RESET max_parallel_workers_per_gather').catch(() => undefined);
      await query('RESET statement_timeout').catch(() => undefined);
    }
  }

  return {
    explain(request) {
      const run = queue.then(() => explainNow(request));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
