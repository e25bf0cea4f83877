import { parsePlPgSQLSync, parseSync } from 'libpg-query';
import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { loadSqlParser } from '../sql/parse-statement.js';
import { quoteQualifiedName } from '../sql/quote-identifier.js';
import { openDeployerPool, type DeployerConnectionOptions } from './open-deployer-pool.js';
import { readIndexState } from './read-index-state.js';
import { toDatabaseError } from './to-database-error.js';

// The schema-evolver's path to production for schema migrations. It follows the index
// deployer's principles (create-deployer.ts) and shares its sessions (openDeployerPool:
// lock_timeout and statement_timeout on every statement) and its index lookup
// (readIndexState): a parse-tree allow-list of the statement kinds the generator emits,
// never user text.

export type MigrationDeployerOptions = DeployerConnectionOptions;

/** What one statement of a migration step is, as read from the parse tree. */
export type MigrationStatementKind =
  | 'create-index-concurrently'
  | 'create-index-on-new-table'
  | 'drop-index-concurrently'
  | 'alter-table'
  | 'rename'
  | 'create-table'
  | 'drop-table'
  | 'create-trigger-function'
  | 'drop-function'
  | 'create-trigger'
  | 'drop-trigger'
  | 'lock-table'
  | 'analyze'
  | 'batched-write';

export interface ClassifiedMigrationStatement {
  readonly kind: MigrationStatementKind;
  /** The statement's own text, cut from the step. */
  readonly sql: string;
  /** For index statements: the index and its schema (null when unqualified). */
  readonly index?: { readonly schema: string | null; readonly name: string };
}

/**
 * How a step runs: `concurrent` (one CREATE/DROP INDEX CONCURRENTLY, outside any
 * transaction), `batched` (one data-modifying batch statement repeated until it touches
 * no row, each batch its own transaction) or `transaction` (every statement in one
 * transaction: all or nothing).
 */
export type MigrationStepMode = 'concurrent' | 'batched' | 'transaction';

export interface ClassifiedMigrationStep {
  readonly mode: MigrationStepMode;
  readonly statements: readonly ClassifiedMigrationStatement[];
}

export interface MigrationStepOutcome {
  readonly mode: MigrationStepMode;
  /** Statements actually sent (a leftover INVALID index dropped first is listed). */
  readonly statements: readonly string[];
  /** A CREATE INDEX CONCURRENTLY whose valid index was already there, or a DROP of an absent one. */
  readonly alreadyDone: boolean;
  /** Batches run by a batched step (0 otherwise). */
  readonly batches: number;
  /** Rows written by a batched step. */
  readonly rows: number;
}

export interface MigrationDeployer {
  /** Checks one step against the allow-list and runs it (see MigrationStepMode). */
  runStep(step: string, options?: { readonly signal?: AbortSignal; readonly onBatch?: (rows: number) => void }): Promise<MigrationStepOutcome>;
  close(): Promise<void>;
}

type Node = Record<string, unknown>;

const ALTER_TABLE_SUBCOMMANDS = new Set([
  'AT_AddColumn',
  'AT_DropColumn',
  'AT_AddConstraint',
  'AT_ValidateConstraint',
  'AT_DropConstraint',
  'AT_ColumnDefault',
]);

const RENAMABLE = new Set(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_INDEX', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER']);

const PLPGSQL_STATEMENTS = new Set(['PLpgSQL_stmt_block', 'PLpgSQL_stmt_if', 'PLpgSQL_stmt_assign', 'PLpgSQL_stmt_execsql', 'PLpgSQL_stmt_return']);

function refuse(reason: string, sql: string): never {
  throw new ShadowtuneError('PRODUCTION_WRITE_REFUSED', `refused by the migration deployer: ${reason}`, { sql });
}

function stringsOf(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) => String((item.String as Node | undefined)?.sval ?? ''));
}

function containsKey(node: unknown, key: string): boolean {
  if (Array.isArray(node)) return node.some((item) => containsKey(item, key));
  if (node === null || typeof node !== 'object') return false;
  for (const [k, v] of Object.entries(node)) {
    if (k === key || containsKey(v, key)) return true;
  }
  return false;
}

function paramNumbers(node: unknown, out: Set<number> = new Set()): Set<number> {
  if (Array.isArray(node)) {
    for (const item of node) paramNumbers(item, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'ParamRef') out.add(Number((v as Node).number));
      else paramNumbers(v, out);
    }
  }
  return out;
}

function isConstantExpression(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.A_Const !== undefined) return true;
  const cast = node.TypeCast as Node | undefined;
  if (cast) return isConstantExpression(cast.arg as Node);
  return false;
}

function checkAddColumn(def: Node, sql: string): void {
  const column = def.ColumnDef as Node | undefined;
  if (!column) return refuse('ADD COLUMN without a column definition', sql);
  for (const wrapped of (column.constraints as Node[] | undefined) ?? []) {
    const constraint = wrapped.Constraint as Node;
    switch (constraint.contype) {
      case 'CONSTR_NULL':
        break;
      case 'CONSTR_DEFAULT':
        // A constant default is stored in the catalog (no table rewrite); a volatile one rewrites every row.
        if (!isConstantExpression(constraint.raw_expr as Node)) refuse('ADD COLUMN default must be a constant (no table rewrite)', sql);
        break;
      case 'CONSTR_GENERATED':
        if (constraint.generated_kind !== 'v') refuse('a STORED generated column rewrites the table; add a VIRTUAL one or a trigger-maintained column', sql);
        break;
      case 'CONSTR_NOTNULL':
        if (!((column.constraints as Node[]).some((c) => (c.Constraint as Node).contype === 'CONSTR_DEFAULT'))) {
          refuse('ADD COLUMN … NOT NULL needs a constant default', sql);
        }
        break;
      default:
        refuse(`ADD COLUMN with a ${String(constraint.contype).replace('CONSTR_', '')} constraint is not allowed (add it separately, NOT VALID)`, sql);
    }
  }
}

function checkAddConstraint(def: Node, sql: string): void {
  const constraint = def.Constraint as Node | undefined;
  if (!constraint) return refuse('ADD CONSTRAINT without a definition', sql);
  if (typeof constraint.conname !== 'string' || constraint.conname === '') refuse('constraints must be named', sql);
  if (constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') {
    // NOT VALID takes a brief lock only; VALIDATE CONSTRAINT scans without blocking writes.
    if (constraint.skip_validation !== true) refuse('FOREIGN KEY and CHECK constraints must be added NOT VALID, then validated', sql);
    return;
  }
  refuse(`ADD CONSTRAINT ${String(constraint.contype).replace('CONSTR_', '')} is not allowed`, sql);
}

function checkAlterTable(node: Node, sql: string): void {
  if (node.objtype !== 'OBJECT_TABLE') refuse('only ALTER TABLE is allowed', sql);
  for (const wrapped of (node.cmds as Node[] | undefined) ?? []) {
    const command = wrapped.AlterTableCmd as Node;
    const subtype = String(command.subtype);
    if (!ALTER_TABLE_SUBCOMMANDS.has(subtype)) refuse(`ALTER TABLE ${subtype.replace('AT_', '')} is not allowed`, sql);
    if (command.behavior === 'DROP_CASCADE') refuse('CASCADE is not allowed', sql);
    if (subtype === 'AT_AddColumn') checkAddColumn(command.def as Node, sql);
    if (subtype === 'AT_AddConstraint') checkAddConstraint(command.def as Node, sql);
    if (subtype === 'AT_ColumnDefault' && command.def !== undefined && !isConstantExpression(command.def as Node)) {
      refuse('SET DEFAULT must be a constant', sql);
    }
  }
}

function checkTriggerFunction(node: Node, sql: string): void {
  const returns = stringsOf((node.returnType as Node | undefined)?.names);
  if (returns[returns.length - 1] !== 'trigger') refuse('only trigger functions may be created', sql);
  const options = ((node.options as Node[] | undefined) ?? []).map((o) => o.DefElem as Node);
  const language = options.find((o) => o.defname === 'language');
  if (String((language?.arg as Node | undefined)?.String ? ((language!.arg as Node).String as Node).sval : '') !== 'plpgsql') {
    refuse('trigger functions must be LANGUAGE plpgsql', sql);
  }
  if (options.some((o) => o.defname === 'security')) refuse('SECURITY DEFINER is not allowed', sql);
  let tree: { plpgsql_funcs?: Node[] };
  try {
    tree = parsePlPgSQLSync(sql) as { plpgsql_funcs?: Node[] };
  } catch {
    return refuse('the function body does not parse', sql);
  }
  // The body may only assign to NEW, branch, return, and run INSERT/UPDATE/DELETE statements.
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('PLpgSQL_stmt_') && !PLPGSQL_STATEMENTS.has(key)) refuse(`${key.replace('PLpgSQL_stmt_', '')} is not allowed in a trigger function`, sql);
      if (key === 'PLpgSQL_stmt_execsql') {
        const query = String((((child as Node).sqlstmt as Node).PLpgSQL_expr as Node).query);
        const statements = (parseSync(query) as { stmts?: { stmt: Node }[] }).stmts ?? [];
        for (const { stmt } of statements) {
          const kind = Object.keys(stmt)[0];
          if (kind !== 'InsertStmt' && kind !== 'UpdateStmt' && kind !== 'DeleteStmt') refuse(`${kind} is not allowed in a trigger function`, sql);
        }
      }
      walk(child);
    }
  };
  walk(tree.plpgsql_funcs);
}

function checkBatchedWrite(statement: Node, sql: string): void {
  // WITH [source AS (SELECT … LIMIT n),] batch AS (UPDATE/INSERT … RETURNING …) SELECT <last key>::text AS cursor, <rows> AS rows
  const select = statement.SelectStmt as Node;
  const ctes = (((select.withClause as Node | undefined)?.ctes as Node[] | undefined) ?? []).map((c) => (c.CommonTableExpr as Node).ctequery as Node);
  const writes = ctes.filter((cte) => {
    const kind = Object.keys(cte)[0];
    return kind !== 'SelectStmt';
  });
  if (writes.length !== 1) refuse('a batch statement has exactly one data-modifying CTE', sql);
  const write = writes[0]!;
  const kind = Object.keys(write)[0];
  if (kind !== 'UpdateStmt' && kind !== 'InsertStmt') refuse('a batch writes with UPDATE or INSERT … SELECT', sql);
  const body = write[kind!] as Node;
  if (!body.returningList && !(body.returningClause as Node | undefined)?.exprs) refuse('a batch must return what it wrote', sql);
  if (!ctes.some((cte) => containsKey(cte, 'limitCount'))) refuse('a batch must be bounded by LIMIT', sql);
  for (const cte of ctes) {
    if (cte !== write && (containsKey(cte, 'InsertStmt') || containsKey(cte, 'UpdateStmt') || containsKey(cte, 'DeleteStmt'))) refuse('only one CTE may write', sql);
  }
  if (containsKey(select.targetList, 'InsertStmt') || containsKey(select.targetList, 'UpdateStmt') || containsKey(select.targetList, 'DeleteStmt')) refuse('only one CTE may write', sql);
  const params = [...paramNumbers(statement)];
  if (params.length !== 1 || params[0] !== 1) refuse('a batch takes exactly one parameter, the last key written ($1)', sql);
}

function relationKey(relation: Node | undefined): string {
  return `${String(relation?.schemaname ?? '')}\u0000${String(relation?.relname ?? '')}`;
}

/**
 * `createdInStep`: tables created by earlier statements of the same step. An index on such
 * a table is built in the same transaction, on no rows, so it needs no CONCURRENTLY
 * (which partitioned tables do not support anyway).
 */
function classifyOne(statement: Node, sql: string, createdInStep: ReadonlySet<string>): ClassifiedMigrationStatement {
  const [kind, body] = Object.entries(statement)[0] ?? ['', {}];
  const node = body as Node;
  switch (kind) {
    case 'IndexStmt': {
      if (typeof node.idxname !== 'string' || node.idxname === '') refuse('the index must be named', sql);
      const relation = node.relation as Node;
      if (node.concurrent !== true) {
        if (!createdInStep.has(relationKey(relation))) refuse('CREATE INDEX must be CONCURRENTLY (except on a table created in the same step)', sql);
        return { kind: 'create-index-on-new-table', sql };
      }
      return { kind: 'create-index-concurrently', sql, index: { schema: typeof relation.schemaname === 'string' ? relation.schemaname : null, name: node.idxname } };
    }
    case 'DropStmt': {
      if (node.behavior === 'DROP_CASCADE') refuse('CASCADE is not allowed', sql);
      const objects = (node.objects as Node[] | undefined) ?? [];
      if (objects.length !== 1) refuse('drop one object at a time', sql);
      switch (node.removeType) {
        case 'OBJECT_INDEX': {
          if (node.concurrent !== true) refuse('DROP INDEX must be CONCURRENTLY', sql);
          const names = stringsOf((objects[0]!.List as Node | undefined)?.items);
          return { kind: 'drop-index-concurrently', sql, index: { schema: names.length > 1 ? names[names.length - 2]! : null, name: names[names.length - 1]! } };
        }
        case 'OBJECT_TABLE':
          return { kind: 'drop-table', sql };
        case 'OBJECT_FUNCTION':
          return { kind: 'drop-function', sql };
        case 'OBJECT_TRIGGER':
          return { kind: 'drop-trigger', sql };
        default:
          return refuse(`dropping ${String(node.removeType).replace('OBJECT_', '').toLowerCase()} objects is not allowed`, sql);
      }
    }
    case 'AlterTableStmt':
      checkAlterTable(node, sql);
      return { kind: 'alter-table', sql };
    case 'RenameStmt':
      if (!RENAMABLE.has(String(node.renameType))) refuse(`renaming ${String(node.renameType).replace('OBJECT_', '').toLowerCase()} objects is not allowed`, sql);
      return { kind: 'rename', sql };
    case 'CreateStmt':
      if (node.relation && (node.relation as Node).relpersistence !== 'p') refuse('only permanent tables may be created', sql);
      return { kind: 'create-table', sql };
    case 'CreateFunctionStmt':
      checkTriggerFunction(node, sql);
      return { kind: 'create-trigger-function', sql };
    case 'CreateTrigStmt':
      if (node.row !== true) refuse('only row-level triggers may be created', sql);
      return { kind: 'create-trigger', sql };
    case 'LockStmt':
      return { kind: 'lock-table', sql };
    case 'VacuumStmt':
      if (node.is_vacuumcmd === true) refuse('VACUUM is not allowed (ANALYZE is)', sql);
      return { kind: 'analyze', sql };
    case 'SelectStmt':
      checkBatchedWrite(statement, sql);
      return { kind: 'batched-write', sql };
    default:
      return refuse(`${kind.replace(/Stmt$/, '') || 'this statement'} is not a migration statement`, sql);
  }
}

/**
 * Reads a migration step and says how it runs, or refuses it. A step is one statement or
 * several separated by semicolons; CONCURRENTLY index statements and batch statements
 * must stand alone (they cannot run inside a transaction / they repeat). The parser must
 * be loaded (loadSqlParser()).
 */
export function classifyMigrationStep(step: string): ClassifiedMigrationStep {
  let parsed: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    parsed = parseSync(step) as typeof parsed;
  } catch {
    return refuse('step does not parse', step);
  }
  const bytes = Buffer.from(step, 'utf8');
  const created = new Set<string>();
  const statements = (parsed.stmts ?? []).map((entry) => {
    // stmt_location/stmt_len are byte offsets; stmt_len 0 (or absent) means "to the end".
    const start = entry.stmt_location ?? 0;
    const end = entry.stmt_len ? start + entry.stmt_len : bytes.length;
    const sql = bytes.subarray(start, end).toString('utf8').trim();
    const classified = classifyOne(entry.stmt, sql, created);
    if (classified.kind === 'create-table') created.add(relationKey((entry.stmt.CreateStmt as Node).relation as Node));
    return classified;
  });
  if (statements.length === 0) refuse('empty step', step);
  const alone = statements.find((s) => s.kind === 'create-index-concurrently' || s.kind === 'drop-index-concurrently' || s.kind === 'batched-write');
  if (alone && statements.length > 1) refuse(`${alone.kind} must be a step of its own`, step);
  if (alone?.kind === 'batched-write') return { mode: 'batched', statements };
  if (alone) return { mode: 'concurrent', statements };
  return { mode: 'transaction', statements };
}

/** Most batches one batched step may run: a guard against a batch statement that never drains. */
const MAX_BATCHES = 10_000_000;

export async function createMigrationDeployer(options: MigrationDeployerOptions): Promise<MigrationDeployer> {
  await loadSqlParser();
  const pool = openDeployerPool(options, 'shadowtune-migration-deployer');

  function failed(error: unknown, sql: string, what: string): ShadowtuneError {
    const cause = toDatabaseError(error, sql);
    return new ShadowtuneError('DEPLOYMENT_FAILED', `${what} failed (${cause.code}): ${cause.message}`, {
      cause,
      retriable: cause.retriable,
      sql,
      context: { errorCode: cause.code },
    });
  }

  async function indexState(index: { schema: string | null; name: string }): Promise<{ schema: string; valid: boolean } | null> {
    const state = await readIndexState(pool, index.schema, index.name);
    return state.exists ? { schema: state.schema!, valid: state.valid && state.ready } : null;
  }

  async function runConcurrent(statement: ClassifiedMigrationStatement): Promise<MigrationStepOutcome> {
    const index = statement.index!;
    const sent: string[] = [];
    const before = await indexState(index);
    if (statement.kind === 'drop-index-concurrently') {
      if (!before) return { mode: 'concurrent', statements: [], alreadyDone: true, batches: 0, rows: 0 };
      try {
        await pool.query(statement.sql);
      } catch (error) {
        throw failed(error, statement.sql, 'index removal');
      }
      return { mode: 'concurrent', statements: [statement.sql], alreadyDone: false, batches: 0, rows: 0 };
    }
    if (before?.valid) return { mode: 'concurrent', statements: [], alreadyDone: true, batches: 0, rows: 0 };
    const dropLeftover = async (schema: string) => {
      const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(schema, index.name)}`;
      await pool.query(drop);
      sent.push(drop);
    };
    try {
      // A previous attempt left an INVALID index of this name: clear it before building again.
      if (before) await dropLeftover(before.schema);
      sent.push(statement.sql);
      await pool.query(statement.sql);
    } catch (error) {
      const left = await indexState(index).catch(() => null);
      if (left && !left.valid) await dropLeftover(left.schema).catch(() => undefined);
      throw failed(error, statement.sql, 'index build');
    }
    const after = await indexState(index);
    if (!after?.valid) {
      if (after) await dropLeftover(after.schema);
      throw new ShadowtuneError('DEPLOYMENT_FAILED', 'index build returned but the index is not valid; it was dropped', { sql: statement.sql });
    }
    return { mode: 'concurrent', statements: sent, alreadyDone: false, batches: 0, rows: 0 };
  }

  async function runBatched(statement: ClassifiedMigrationStatement, signal?: AbortSignal, onBatch?: (rows: number) => void): Promise<MigrationStepOutcome> {
    let cursor: string | null = null;
    let batches = 0;
    let rows = 0;
    for (;;) {
      if (signal?.aborted) throw new ShadowtuneError('DEPLOYMENT_FAILED', 'batched step interrupted', { retriable: true, context: { batches, rows } });
      let result: pg.QueryResult<{ cursor: string | null; rows: number }>;
      try {
        result = await pool.query<{ cursor: string | null; rows: number }>(statement.sql, [cursor]);
      } catch (error) {
        throw failed(error, statement.sql, `batch ${batches + 1}`);
      }
      const row = result.rows[0];
      const written = Number(row?.rows ?? 0);
      if (written === 0 || row?.cursor === null || row?.cursor === undefined) break;
      batches += 1;
      rows += written;
      onBatch?.(written);
      if (row.cursor === cursor) {
        throw new ShadowtuneError('DEPLOYMENT_FAILED', 'batched step did not advance its key', { sql: statement.sql, context: { batches } });
      }
      cursor = row.cursor;
      if (batches >= MAX_BATCHES) throw new ShadowtuneError('DEPLOYMENT_FAILED', 'batched step ran too many batches', { sql: statement.sql });
    }
    return { mode: 'batched', statements: [statement.sql], alreadyDone: false, batches, rows };
  }

  async function runTransaction(step: string, statements: readonly ClassifiedMigrationStatement[]): Promise<MigrationStepOutcome> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
    try {
      await client.query('BEGIN');
      for (const statement of statements) await client.query(statement.sql);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw failed(error, step, 'migration step');
    } finally {
      client.release();
    }
    return { mode: 'transaction', statements: statements.map((s) => s.sql), alreadyDone: false, batches: 0, rows: 0 };
  }

  return {
    async runStep(step, runOptions = {}) {
      const classified = classifyMigrationStep(step);
      if (classified.mode === 'concurrent') return runConcurrent(classified.statements[0]!);
      if (classified.mode === 'batched') return runBatched(classified.statements[0]!, runOptions.signal, runOptions.onBatch);
      return runTransaction(step, classified.statements);
    },
    close: () => pool.end(),
  };
}
