import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import { databaseUrl } from '@shadowtune/shared/db/database-url';

export interface ShadowCopies {
  readonly baselineUrl: string;
  readonly candidateUrl: string;
  readonly names: readonly [string, string];
  drop(): Promise<void>;
}

/**
 * Two fresh databases on the shadow server, copies of the template (schema, statistics
 * targets and synthetic rows), one to stay as it is and one to migrate. CREATE DATABASE …
 * TEMPLATE needs the template to have no other session: a busy template is a retriable
 * SHADOW_FAILED. The copies are dropped by drop(), even with sessions left.
 */
export async function createShadowCopies(options: { readonly serverUrl: string; readonly template: string; readonly prefix?: string }): Promise<ShadowCopies> {
  const suffix = randomBytes(5).toString('hex');
  const prefix = options.prefix ?? 'st_ab';
  const names: [string, string] = [`${prefix}_${suffix}_base`, `${prefix}_${suffix}_cand`];
  const admin = new pg.Client({ connectionString: databaseUrl(options.serverUrl, 'postgres'), application_name: 'shadowtune-ab-copies' });
  const created: string[] = [];
  const dropAll = async () => {
    const client = new pg.Client({ connectionString: databaseUrl(options.serverUrl, 'postgres') });
    await client.connect();
    try {
      for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  try {
    await admin.connect();
    for (const name of names) {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(options.template)}`);
      created.push(name);
    }
  } catch (error) {
    const cause = toDatabaseError(error);
    await dropAll().catch(() => undefined);
    const busy = (cause.context.sqlState ?? '') === '55006';
    throw new ShadowtuneError('SHADOW_FAILED', busy ? `the shadow template ${options.template} has other sessions; it cannot be copied now` : `copying the shadow template failed: ${cause.message}`, {
      cause,
      retriable: busy || cause.retriable,
      context: { template: options.template },
    });
  } finally {
    await admin.end().catch(() => undefined);
  }
  return {
    baselineUrl: databaseUrl(options.serverUrl, names[0]),
    candidateUrl: databaseUrl(options.serverUrl, names[1]),
    names,
    drop: dropAll,
  };
}
