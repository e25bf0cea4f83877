import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { PgStatStatementsSnapshot, StatementCounters } from './statement-counters.js';
import type { StatementSource } from './statement-source.js';

interface Shape {
  readonly relation: string;
  readonly info: string | null;
  readonly totalTimeColumn: string;
  readonly hasToplevel: boolean;
}

function quoteRelation(relation: string): string {
  const parts = relation.split('.');
  return parts.length === 2 ? quoteQualifiedName(parts[0] ?? '', parts[1] ?? '') : quoteIdentifier(relation);
}

/** Which columns the view has: total_exec_time (13+) or total_time, toplevel (14+), an _info view (14+). */
async function readShape(source: StatementSource, relation: string): Promise<Shape> {
  const quoted = quoteRelation(relation);
  const infoName = `${relation}_info`;
  const { rows } = await source(
    'SELECT a.attname::text AS name, to_regclass($2) IS NOT NULL AS has_info FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped',
    [quoted, quoteRelation(infoName)],
  );
  const columns = new Set(rows.map((row: { name: string }) => row.name));
  if (columns.size === 0) {
    throw new ShadowtuneError('INPUT_INVALID', 'pg_stat_statements is not readable (extension not installed, or not in shared_preload_libraries)', { context: { relation } });
  }
  const totalTimeColumn = columns.has('total_exec_time') ? 'total_exec_time' : 'total_time';
  for (const column of ['userid', 'dbid', 'queryid', 'calls', 'rows', 'query', totalTimeColumn]) {
    if (!columns.has(column)) throw new ShadowtuneError('INPUT_INVALID', 'pg_stat_statements view lacks a column', { context: { relation, column } });
  }
  const hasInfo = (rows[0] as { has_info: boolean } | undefined)?.has_info === true;
  return { relation: quoted, info: hasInfo ? quoteRelation(infoName) : null, totalTimeColumn, hasToplevel: columns.has('toplevel') };
}

interface Row {
  userid: string;
  dbid: string;
  queryid: string | null;
  toplevel: boolean;
  calls: string;
  total_time: number;
  rows: string;
  query: string | null;
  user_name: string | null;
  database_name: string | null;
}

/** Reads pg_stat_statements through a read-only session; one instance per connection (it remembers the view's shape). */
export class PgStatStatementsReader {
  private shape: Shape | null = null;

  constructor(
    private readonly source: StatementSource,
    private readonly relation: string,
    private readonly now: () => number = Date.now,
  ) {}

  async read(): Promise<PgStatStatementsSnapshot> {
    const shape = this.shape ?? (this.shape = await readShape(this.source, this.relation));
    const toplevel = shape.hasToplevel ? 's.toplevel' : 'true';
    const { rows } = await this.source(
      `SELECT s.userid::text AS userid, s.dbid::text AS dbid, s.queryid::text AS queryid, ${toplevel} AS toplevel, s.calls::text AS calls,
              s.${quoteIdentifier(shape.totalTimeColumn)}::float8 AS total_time, s.rows::text AS rows, s.query,
              r.rolname::text AS user_name, d.datname::text AS database_name
         FROM ${shape.relation} s
         LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.userid
         LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid`,
    );
    const takenAt = this.now();
    const info = await this.source(
      `SELECT pg_postmaster_start_time()::text AS postmaster_start${shape.info === null ? ', NULL::text AS stats_reset' : `, (SELECT max(stats_reset)::text FROM ${shape.info}) AS stats_reset`}`,
    );
    const first = info.rows[0] as { postmaster_start: string | null; stats_reset: string | null } | undefined;
    const counters = new Map<string, StatementCounters>();
    for (const row of rows as Row[]) {
      if (row.queryid === null) continue;
      const key = `${row.userid}:${row.dbid}:${row.queryid}:${row.toplevel ? 1 : 0}`;
      counters.set(key, {
        key,
        userid: row.userid,
        dbid: row.dbid,
        queryid: row.queryid,
        toplevel: row.toplevel,
        calls: Number(row.calls),
        totalExecTimeMs: Number(row.total_time),
        rows: Number(row.rows),
        query: row.query,
        userName: row.user_name,
        databaseName: row.database_name,
      });
    }
    return { takenAt, statsReset: first?.stats_reset ?? null, postmasterStart: first?.postmaster_start ?? null, counters };
  }
}
