import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { loadSqlParser, parseStatements } from '../sql/parse-statement.js';
import { quoteQualifiedName } from '../sql/quote-identifier.js';
import { openDeployerPool, type DeployerConnectionOptions } from './open-deployer-pool.js';
import { readIndexState, type IndexState } from './read-index-state.js';
import { toDatabaseError } from './to-database-error.js';

export type DeployerOptions = DeployerConnectionOptions;
export type { IndexState };

/** What the deployer is allowed to run, as read from the parse tree. */
export type DeployerStatement =
  | { readonly kind: 'create-index'; readonly schema: string | null; readonly table: string; readonly index: string }
  | { readonly kind: 'drop-index'; readonly schema: string | null; readonly index: string };

export interface CreateIndexOutcome {
  /** True when a valid index of that name was already there (a redelivered deployment). */
  readonly alreadyPresent: boolean;
  readonly state: IndexState;
  readonly statements: readonly string[];
}

export interface DropIndexOutcome {
  /** True when there was nothing to drop. */
  readonly alreadyAbsent: boolean;
  readonly statements: readonly string[];
}

/**
 * The only code path allowed to write to production. It runs generated DDL of two kinds
 * only — CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY — each in its own session
 * under lock_timeout and statement_timeout; anything else is refused before it is sent.
 */
export interface Deployer {
  /** Builds an index without blocking writes; an INVALID index left by a failure is dropped, the result verified. */
  createIndexConcurrently(ddl: string): Promise<CreateIndexOutcome>;
  /** Drops an index without blocking reads and writes. */
  dropIndexConcurrently(ddl: string): Promise<DropIndexOutcome>;
  indexState(schema: string | null, index: string): Promise<IndexState>;
  close(): Promise<void>;
}

type Node = Record<string, unknown>;

function stringsOf(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) => String((item.String as Node | undefined)?.sval ?? ''));
}

/**
 * Reads a statement the deployer is asked to run and says what it is, or refuses it:
 * exactly one CREATE [UNIQUE] INDEX CONCURRENTLY with a name, or one DROP INDEX
 * CONCURRENTLY of one index. The parser must be loaded (loadSqlParser()).
 */
export function classifyDeployerStatement(sql: string): DeployerStatement {
  const refuse = (reason: string): never => {
    throw new ShadowtuneError('PRODUCTION_WRITE_REFUSED', `refused by the deployer: ${reason}`, { sql });
  };
  let statements;
  try {
    statements = parseStatements(sql);
  } catch {
    return refuse('statement does not parse');
  }
  if (statements.length !== 1) return refuse(`expected exactly one statement, got ${statements.length}`);
  const [kind, body] = Object.entries(statements[0]!)[0] ?? ['', {}];
  const node = body as Node;
  if (kind === 'IndexStmt') {
    if (node.concurrent !== true) return refuse('CREATE INDEX must be CONCURRENTLY');
    if (typeof node.idxname !== 'string' || node.idxname === '') return refuse('the index must be named');
    const relation = node.relation as Node;
    return {
      kind: 'create-index',
      schema: typeof relation.schemaname === 'string' ? relation.schemaname : null,
      table: String(relation.relname),
      index: node.idxname,
    };
  }
  if (kind === 'DropStmt') {
    if (node.removeType !== 'OBJECT_INDEX') return refuse('only indexes may be dropped');
    if (node.concurrent !== true) return refuse('DROP INDEX must be CONCURRENTLY');
    const objects = (node.objects as Node[] | undefined) ?? [];
    if (objects.length !== 1) return refuse('drop one index at a time');
    if (node.behavior === 'DROP_CASCADE') return refuse('CASCADE is not allowed');
    const names = stringsOf((objects[0]!.List as Node | undefined)?.items);
    return { kind: 'drop-index', schema: names.length > 1 ? names[names.length - 2]! : null, index: names[names.length - 1]! };
  }
  return refuse(`${kind.replace(/Stmt$/, '') || 'this statement'} is not an index build or removal`);
}

export async function createDeployer(options: DeployerOptions): Promise<Deployer> {
  await loadSqlParser();
  const pool = openDeployerPool(options, 'shadowtune-deployer');

  async function run(sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult> {
    try {
      return await pool.query(sql, params as unknown[]);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  const indexState = (schema: string | null, index: string): Promise<IndexState> => readIndexState(pool, schema, index);

  function dropStatementFor(schema: string, index: string): string {
    return `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(schema, index)}`;
  }

  return {
    async createIndexConcurrently(ddl) {
      const statement = classifyDeployerStatement(ddl);
      if (statement.kind !== 'create-index') {
        throw new ShadowtuneError('PRODUCTION_WRITE_REFUSED', 'refused by the deployer: expected CREATE INDEX CONCURRENTLY', { sql: ddl });
      }
      const before = await indexState(statement.schema, statement.index);
      if (before.exists && before.valid && before.ready) return { alreadyPresent: true, state: before, statements: [] };
      const statements: string[] = [];
      if (before.exists) {
        // A previous attempt left an INVALID index of this name: clear it before building again.
        const drop = dropStatementFor(before.schema!, statement.index);
        await run(drop);
        statements.push(drop);
      }
      try {
        statements.push(ddl);
        await run(ddl);
      } catch (error) {
        const failure = toDatabaseError(error, ddl);
        const left = await indexState(statement.schema, statement.index).catch(() => null);
        let dropped = false;
        if (left?.exists && !left.valid) {
          const drop = dropStatementFor(left.schema!, statement.index);
          await run(drop);
          statements.push(drop);
          dropped = true;
        }
        throw new ShadowtuneError('DEPLOYMENT_FAILED', `index build failed (${failure.code}): ${failure.message}${dropped ? '; the INVALID index it left was dropped' : ''}`, {
          cause: failure,
          retriable: failure.retriable,
          sql: ddl,
          context: { index: statement.index, errorCode: failure.code, invalidIndexDropped: dropped },
        });
      }
      const state = await indexState(statement.schema, statement.index);
      if (!state.exists || !state.valid || !state.ready) {
        if (state.exists) {
          const drop = dropStatementFor(state.schema!, statement.index);
          await run(drop);
          statements.push(drop);
        }
        throw new ShadowtuneError('DEPLOYMENT_FAILED', 'index build returned but the index is not valid; it was dropped', { sql: ddl, context: { index: statement.index } });
      }
      return { alreadyPresent: false, state, statements };
    },

    async dropIndexConcurrently(ddl) {
      const statement = classifyDeployerStatement(ddl);
      if (statement.kind !== 'drop-index') {
        throw new ShadowtuneError('PRODUCTION_WRITE_REFUSED', 'refused by the deployer: expected DROP INDEX CONCURRENTLY', { sql: ddl });
      }
      const before = await indexState(statement.schema, statement.index);
      if (!before.exists) return { alreadyAbsent: true, statements: [] };
      try {
        await run(ddl);
      } catch (error) {
        const failure = toDatabaseError(error, ddl);
        throw new ShadowtuneError('DEPLOYMENT_FAILED', `index removal failed (${failure.code}): ${failure.message}`, {
          cause: failure,
          retriable: failure.retriable,
          sql: ddl,
          context: { index: statement.index, errorCode: failure.code },
        });
      }
      return { alreadyAbsent: false, statements: [ddl] };
    },

    indexState,
    close: () => pool.end(),
  };
}
