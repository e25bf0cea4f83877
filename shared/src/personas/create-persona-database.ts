import { createHash } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from '../db/database-url.js';
import { toDatabaseError } from '../db/to-database-error.js';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { quoteIdentifier } from '../sql/quote-identifier.js';
import type { PersonaDefinition } from './persona-definition.js';
import { renderPersonaDdl } from './render-persona-ddl.js';

export type PersonaCreationStep = 'database-created' | 'database-existed' | 'schema-applied' | 'schema-already-applied';

export interface CreatePersonaDatabaseRequest {
  /** Server to create the database on; its own database is used for the CREATE DATABASE. May hold a password: never logged. */
  readonly serverUrl: string;
  readonly databaseName: string;
  readonly applicationId: string;
  readonly persona: PersonaDefinition;
  /** Creation date for partition bounds (default: now). */
  readonly now?: Date;
  /** Called after each step is durable; a failure or a crash inside it leaves a resumable state. */
  readonly onStep?: (step: PersonaCreationStep) => Promise<void>;
}

/** What Persona Creation did on the target server (recorded as the task's output). */
export interface PersonaCreationResult {
  readonly databaseName: string;
  readonly database: 'created' | 'already-existed';
  readonly schema: 'applied' | 'already-applied';
  readonly personaId: string;
  readonly personaVersion: number;
  readonly statementCount: number;
  readonly partitions: readonly string[];
  /** SHA-256 of the applied DDL, as recorded in the database's marker row. */
  readonly ddlSha256: string;
  readonly appliedAt: string;
}

/** Schema and table inside the application database recording which persona built it. */
const MARKER_SCHEMA = 'shadowtune_persona';
const MARKER_TABLE = 'applied_persona';

interface MarkerRow {
  readonly application_id: string;
  readonly persona_id: string;
  readonly persona_version: number;
  readonly ddl_sha256: string;
  readonly statement_count: number;
  readonly partitions: string[];
  readonly applied_at: Date;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'shadowtune-persona-creation' });
  client.on('error', () => {
    // A dropped connection surfaces as the failure of the pending query.
  });
  try {
    await client.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(serverUrl: string, databaseName: string): Promise<'created' | 'already-existed'> {
  return withClient(serverUrl, async (admin) => {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount !== 0) return 'already-existed';
    try {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(databaseName)}`);
      return 'created';
    } catch (error) {
      // Another run created it between our check and our CREATE: 42P04 duplicate_database,
      // or 23505 on pg_database's unique index when both CREATEs ran at the same moment.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return 'already-existed';
      throw toDatabaseError(error);
    }
  });
}

/**
 * Creates an application's database and schema from a persona, idempotently, so that a
 * retry or a resumed run after a crash converges on the same result:
 * 1. CREATE DATABASE unless it exists;
 * 2. in ONE transaction (all or nothing), apply the persona DDL and write a marker row
 *    naming the application and persona version.
 * A rerun finds the marker and stops; a database that exists without our marker is used
 * only when it holds no relations (the state a crash between 1 and 2 leaves), anything
 * else is a CONFLICT rather than DDL applied over someone's data.
 */
export async function createPersonaDatabase(request: CreatePersonaDatabaseRequest): Promise<PersonaCreationResult> {
  const { persona, databaseName, applicationId } = request;
  const database = await ensureDatabase(request.serverUrl, databaseName);
  await request.onStep?.(database === 'created' ? 'database-created' : 'database-existed');

  const result = await withClient(databaseUrl(request.serverUrl, databaseName), async (client) => {
    try {
      await client.query('BEGIN');
      // Two runs racing on one database serialize here; the second then sees the marker.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shadowtune-persona:${databaseName}`]);
      const marker = await client.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`${MARKER_SCHEMA}.${MARKER_TABLE}`]);
      if (marker.rows[0]?.exists) {
        const applied = await client.query<MarkerRow>(`SELECT * FROM ${quoteIdentifier(MARKER_SCHEMA)}.${quoteIdentifier(MARKER_TABLE)}`);
        await client.query('ROLLBACK');
        const row = applied.rows[0];
        if (!row || row.application_id !== applicationId || row.persona_id !== persona.personaId || row.persona_version !== persona.version) {
          throw new ShadowtuneError('CONFLICT', `database ${databaseName} was built for another application or persona version`, {
            context: { databaseName, applicationId, personaId: persona.personaId, personaVersion: persona.version },
          });
        }
        return { schema: 'already-applied' as const, statementCount: row.statement_count, partitions: row.partitions, ddlSha256: row.ddl_sha256, appliedAt: row.applied_at.toISOString() };
      }
      const foreign = await client.query<{ relations: string }>(
        `SELECT count(*) AS relations FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
      );
      if (Number(foreign.rows[0]?.relations ?? 0) > 0) {
        throw new ShadowtuneError('CONFLICT', `database ${databaseName} already holds relations that shadowtune did not create; refusing to apply a persona over them`, {
          context: { databaseName, applicationId },
        });
      }
      const ddl = renderPersonaDdl(persona, { now: request.now ?? new Date(), databaseName });
      for (const statement of ddl.statements) {
        try {
          await client.query(statement);
        } catch (error) {
          throw toDatabaseError(error, statement);
        }
      }
      const ddlSha256 = createHash('sha256').update(ddl.statements.join(';\n')).digest('hex');
      const partitions = ddl.partitions.map((p) => p.name);
      await client.query(`CREATE SCHEMA ${quoteIdentifier(MARKER_SCHEMA)}`);
      await client.query(
        `CREATE TABLE ${quoteIdentifier(MARKER_SCHEMA)}.${quoteIdentifier(MARKER_TABLE)} (
           application_id text NOT NULL, persona_id text NOT NULL, persona_version integer NOT NULL,
           ddl_sha256 text NOT NULL, statement_count integer NOT NULL, partitions text[] NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const inserted = await client.query<{ applied_at: Date }>(
        `INSERT INTO ${quoteIdentifier(MARKER_SCHEMA)}.${quoteIdentifier(MARKER_TABLE)}
           (application_id, persona_id, persona_version, ddl_sha256, statement_count, partitions)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING applied_at`,
        [applicationId, persona.personaId, persona.version, ddlSha256, ddl.statements.length, partitions],
      );
      await client.query('COMMIT');
      return { schema: 'applied' as const, statementCount: ddl.statements.length, partitions, ddlSha256, appliedAt: inserted.rows[0]!.applied_at.toISOString() };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw toDatabaseError(error);
    }
  });
  await request.onStep?.(result.schema === 'applied' ? 'schema-applied' : 'schema-already-applied');
  return { databaseName, database, personaId: persona.personaId, personaVersion: persona.version, ...result };
}
