import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { toDatabaseError } from '../db/to-database-error.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** A key for pg_advisory_lock so that services starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_301_914_022;

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/** Reads `NNNN_name.sql` files in version order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies the catalog migrations not yet applied, each in its own transaction, under an
 * advisory lock. Idempotent: a second run applies nothing. A migration edited after it
 * was applied (checksum changed) stops start-up rather than leaving the catalog unknown.
 */
export async function runMigrations(client: pg.ClientBase, migrations: readonly Migration[] = readMigrations()): Promise<MigrationReport> {
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS shadowtune;
      CREATE TABLE IF NOT EXISTS shadowtune.schema_migrations (
        version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await client.query<{ version: string; checksum: string }>('SELECT version, checksum FROM shadowtune.schema_migrations');
    const checksums = new Map(done.rows.map((row) => [row.version, row.checksum]));
    for (const migration of migrations) {
      const known = checksums.get(migration.version);
      if (known !== undefined) {
        if (known !== migration.checksum) {
          throw new ShadowtuneError('MIGRATION_FAILED', `catalog migration ${migration.version}_${migration.name} changed after it was applied; add a new migration instead`);
        }
        alreadyApplied.push(migration.version);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO shadowtune.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const cause = toDatabaseError(error);
        throw new ShadowtuneError('MIGRATION_FAILED', `catalog migration ${migration.version}_${migration.name} failed: ${cause.message}`, { cause });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
  return { applied, alreadyApplied };
}
