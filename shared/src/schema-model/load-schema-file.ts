import pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { splitSqlScript, type SqlScriptItem } from './split-sql-script.js';

/** Why a piece of a schema file was not applied as written. */
export type SchemaFileSkipReason =
  /** A psql meta-command (`\connect`, `\restrict`, ...): only psql understands it. */
  | 'psql-meta-command'
  /** `COPY ... FROM stdin` and its inline rows: a schema file's data is not loaded. */
  | 'copy-data'
  /** BEGIN/COMMIT/ROLLBACK/SAVEPOINT...: the whole file runs in the loader's own transaction. */
  | 'transaction-control'
  /** CREATE/ALTER/DROP DATABASE: the file is applied to the database given, whatever its name. */
  | 'database-statement'
  /** SET ROLE / SET SESSION AUTHORIZATION: objects are created as the loading role. */
  | 'role-switch'
  /** ALTER ... OWNER TO: production roles need not exist where the schema is loaded. */
  | 'ownership'
  /** GRANT/REVOKE/ALTER DEFAULT PRIVILEGES: same reason as ownership. */
  | 'privileges'
  /** A SET/RESET/set_config the server rejected (e.g. a parameter of a newer server version). */
  | 'setting-rejected'
  /** CONCURRENTLY was dropped from CREATE INDEX: it cannot run inside a transaction. */
  | 'concurrently-removed';

export interface SchemaFileNote {
  readonly line: number;
  /** Statement number, or null for a meta-command line. */
  readonly statement: number | null;
  readonly reason: SchemaFileSkipReason;
  /** Non-sensitive detail: a meta-command word or the server's message for a rejected setting. */
  readonly detail: string;
}

export interface LoadSchemaFileResult {
  /** Statements run (settings included), not counting skipped ones. */
  readonly statementsApplied: number;
  readonly notes: readonly SchemaFileNote[];
}

type Statement = Extract<SqlScriptItem, { kind: 'statement' }>;

const TRANSACTION_CONTROL = new Set(['begin', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release']);
const SAVEPOINT = 'shadowtune_load_schema_file';

function isSetting(tokens: readonly string[]): boolean {
  const [first, second, third, fourth] = tokens;
  if (first === 'set' || first === 'reset') return true;
  return first === 'select' && (second === 'set_config' || (second === 'pg_catalog' && third === '.' && fourth === 'set_config'));
}

function isRoleSwitch(tokens: readonly string[]): boolean {
  if (tokens[0] !== 'set' && tokens[0] !== 'reset') return false;
  const rest = tokens[1] === 'session' || tokens[1] === 'local' ? tokens.slice(2) : tokens.slice(1);
  return rest[0] === 'role' || rest[0] === 'authorization' || (rest[0] === 'session' && rest[1] === 'authorization');
}

/** The reason a statement is skipped, or null to run it. */
function skipReason(statement: Statement): SchemaFileSkipReason | null {
  const tokens = statement.tokens;
  const [first, second, third] = tokens;
  if (statement.copyFromStdin) return 'copy-data';
  if (first === 'prepare' && second === 'transaction') return 'transaction-control';
  if (first !== undefined && TRANSACTION_CONTROL.has(first)) return 'transaction-control';
  if ((first === 'create' || first === 'alter' || first === 'drop') && second === 'database') return 'database-statement';
  if (isRoleSwitch(tokens)) return 'role-switch';
  if (first === 'grant' || first === 'revoke') return 'privileges';
  if (first === 'alter' && second === 'default' && third === 'privileges') return 'privileges';
  // `ALTER <object> <name> OWNER TO <role>` as pg_dump writes it; `RENAME [COLUMN] owner TO x` is not one.
  const n = tokens.length;
  if (first === 'alter' && tokens[n - 3] === 'owner' && tokens[n - 2] === 'to' && tokens[n - 4] !== 'column' && tokens[n - 4] !== 'rename') {
    return 'ownership';
  }
  return null;
}

const CREATE_INDEX_CONCURRENTLY = /^(create\s+(?:unique\s+)?index\s+)concurrently\b/i;

function isPool(client: pg.ClientBase | pg.Pool): client is pg.Pool {
  return client instanceof pg.Pool || 'totalCount' in client;
}

function databaseErrorFields(error: unknown): { sqlstate: string | null; position: number | null; message: string } {
  const fields = error as { code?: unknown; position?: unknown; message?: unknown };
  return {
    // Node's own errors carry codes too (ECONNRESET): only a 5-character SQLSTATE is the server's.
    sqlstate: typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code) ? fields.code : null,
    position: typeof fields.position === 'string' ? Number(fields.position) : null,
    message: typeof fields.message === 'string' ? fields.message : String(error),
  };
}

/** Line of a 1-based character position (the server counts characters, not UTF-16 units) in a statement. */
function lineOfPosition(statement: Statement, position: number | null): number {
  if (position === null || !Number.isFinite(position) || position < 1) return statement.line;
  const before = Array.from(statement.text).slice(0, position - 1).join('');
  return statement.line + (before.match(/\n/g)?.length ?? 0);
}

// Session-level SETs in the file (pg_dump sets search_path to '' for instance) would
// outlive the load on the caller's connection: their values are put back afterwards.
const SESSION_SETTINGS_SQL = `SELECT name, current_setting(name) AS value FROM pg_catalog.pg_settings
WHERE context IN ('user', 'superuser')
  AND name NOT IN ('transaction_isolation', 'transaction_read_only', 'transaction_deferrable') ORDER BY name`;

async function restoreSettings(connection: pg.ClientBase, before: ReadonlyMap<string, string>): Promise<void> {
  const after = await connection.query<{ name: string; value: string }>(SESSION_SETTINGS_SQL);
  for (const { name, value } of after.rows) {
    const original = before.get(name);
    if (original !== undefined && original !== value) {
      // One refused restore (a superuser-only setting for instance) must not stop the others.
      await connection.query('SELECT pg_catalog.set_config($1, $2, false)', [name, original]).catch(() => undefined);
    }
  }
}

/**
 * Applies a schema SQL file (pg_dump --schema-only output or hand-written DDL) to the
 * database `client` is connected to, all or nothing, in one transaction (a savepoint
 * when the client is already in one). What a schema load must not or cannot do
 * (psql meta-commands, inline COPY data, transaction control, database, role, ownership
 * and privilege statements) is skipped and reported in `notes` with a reason.
 * A failing statement rolls everything back and raises INPUT_INVALID naming the statement
 * number and line; the statement text stays out of the message (it is on `error.sql`).
 */
export async function loadSchemaFile(client: pg.ClientBase | pg.Pool, sqlText: string): Promise<LoadSchemaFileResult> {
  if (sqlText.includes('\u0000')) {
    throw new ShadowtuneError('INPUT_INVALID', 'schema file contains a NUL character', {
      context: { line: sqlText.slice(0, sqlText.indexOf('\u0000')).split('\n').length },
    });
  }
  // A byte-order mark (editors on Windows) would otherwise glue itself to the first keyword.
  const items = splitSqlScript(sqlText.startsWith('\uFEFF') ? sqlText.slice(1) : sqlText);
  const connection = isPool(client) ? await control(() => client.connect(), 'getting a connection') : client;
  const notes: SchemaFileNote[] = [];
  let statementsApplied = 0;
  try {
    const callerTransaction = connection.getTransactionStatus() === 'T';
    if (connection.getTransactionStatus() === 'E') {
      throw new ShadowtuneError('INPUT_INVALID', 'a schema file cannot be loaded on a client whose transaction has already failed');
    }
    const settings = await control(() => connection.query<{ name: string; value: string }>(SESSION_SETTINGS_SQL), 'reading session settings');
    const settingsBefore = new Map(settings.rows.map((row) => [row.name, row.value]));
    await control(() => connection.query(callerTransaction ? `SAVEPOINT ${SAVEPOINT}` : 'BEGIN'), 'starting the transaction');
    try {
      for (const item of items) {
        if (item.kind === 'meta-command') {
          notes.push({ line: item.line, statement: null, reason: 'psql-meta-command', detail: item.command });
          continue;
        }
        const reason = skipReason(item);
        if (reason !== null) {
          notes.push({ line: item.line, statement: item.number, reason, detail: '' });
          continue;
        }
        if (isSetting(item.tokens)) {
          if (await applySetting(connection, item, notes)) statementsApplied++;
          continue;
        }
        let text = item.text;
        if (CREATE_INDEX_CONCURRENTLY.test(text)) {
          text = text.replace(CREATE_INDEX_CONCURRENTLY, '$1');
          notes.push({ line: item.line, statement: item.number, reason: 'concurrently-removed', detail: '' });
        }
        await runStatement(connection, item, text);
        statementsApplied++;
      }
      // COMMIT is where deferred constraints are checked: a violation there is the file's fault.
      await control(() => connection.query(callerTransaction ? `RELEASE SAVEPOINT ${SAVEPOINT}` : 'COMMIT'), 'committing', 'INPUT_INVALID');
    } catch (error) {
      await connection
        .query(callerTransaction ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}` : 'ROLLBACK')
        .catch(() => undefined);
      throw error;
    } finally {
      await restoreSettings(connection, settingsBefore).catch(() => undefined);
    }
    return { statementsApplied, notes };
  } finally {
    if (isPool(client)) (connection as pg.PoolClient).release();
  }
}

/** Runs loader bookkeeping; a server error becomes `onServerError`, a lost connection DB_UNAVAILABLE. */
async function control<T>(work: () => Promise<T>, step: string, onServerError: 'DB_QUERY_FAILED' | 'INPUT_INVALID' = 'DB_QUERY_FAILED'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ShadowtuneError) throw error;
    const { sqlstate, message } = databaseErrorFields(error);
    const code = sqlstate === null ? 'DB_UNAVAILABLE' : onServerError;
    throw new ShadowtuneError(code, `loading a schema file failed while ${step}: ${message}`, {
      cause: error,
      context: sqlstate === null ? { step } : { step, sqlstate },
    });
  }
}

async function runStatement(connection: pg.ClientBase, statement: Statement, text: string): Promise<void> {
  try {
    await connection.query(text);
  } catch (error) {
    const { sqlstate, position, message } = databaseErrorFields(error);
    if (sqlstate === null) {
      throw new ShadowtuneError('DB_UNAVAILABLE', `lost the database while applying schema file statement ${statement.number}: ${message}`, {
        cause: error,
        sql: text,
        context: { statement: statement.number, line: statement.line },
      });
    }
    const line = lineOfPosition(statement, position);
    throw new ShadowtuneError('INPUT_INVALID', `schema file statement ${statement.number} (line ${line}) failed: ${message}`, {
      cause: error,
      sql: text,
      context: { statement: statement.number, line, sqlstate },
    });
  }
}

/**
 * A setting the server rejects is noted and skipped (false): the rest of the file does not
 * depend on it, e.g. `SET transaction_timeout` from a newer pg_dump on an older server.
 */
async function applySetting(connection: pg.ClientBase, statement: Statement, notes: SchemaFileNote[]): Promise<boolean> {
  const savepoint = `${SAVEPOINT}_setting`;
  await connection.query(`SAVEPOINT ${savepoint}`);
  try {
    await connection.query(statement.text);
    await connection.query(`RELEASE SAVEPOINT ${savepoint}`);
    return true;
  } catch (error) {
    const { sqlstate, message } = databaseErrorFields(error);
    if (sqlstate === null) throw error;
    await connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
    notes.push({ line: statement.line, statement: statement.number, reason: 'setting-rejected', detail: message });
    return false;
  }
}
