import pg from 'pg';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import { createMigrationDeployer, type MigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import type { Databases, ProductionReader } from '@shadowtune/shared/db/databases';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { databaseUrl } from '@shadowtune/shared/db/database-url';

export interface EvolverResources {
  readonly catalog: pg.Pool;
  readonly production: ProductionReader | null;
  /** Read-only production session pool for schema models and snapshots; null without production. */
  readonly introspection: pg.Pool | null;
  /** The migration deployer on production; null when no production URL is configured. */
  readonly deployer: MigrationDeployer | null;
  /** Where A/B copies are made: the shadow server and the database copied. */
  readonly shadow: { readonly serverUrl: string; readonly template: string };
  /** Production's schema when configured, else the shadow template's (read in a short session). */
  loadModel(): Promise<SchemaModel>;
  close(): Promise<void>;
}

/**
 * Opens what the schema-evolver uses: the catalog, production through the read-only role
 * and a read-only introspection session, the migration deployer (the only writer), and
 * the shadow server with the template database A/B copies are made from.
 */
export async function openEvolverResources(config: ShadowtuneConfig, databases: Databases): Promise<EvolverResources> {
  const settings = config.services.schemaEvolver;
  const catalog = (await databases.catalog()).pool;
  const production = await databases.production();
  const productionUrl = config.connections.production;
  const introspection =
    productionUrl === null ? null : new pg.Pool({ connectionString: productionUrl, max: 1, application_name: 'shadowtune-schema-evolver', options: '-c default_transaction_read_only=on' });
  introspection?.on('error', () => {
    // An idle session dropped; the next snapshot reconnects.
  });
  const deployerUrl = settings.deployer.url ?? productionUrl;
  const deployer =
    deployerUrl === null
      ? null
      : await createMigrationDeployer({ url: deployerUrl, lockTimeoutMs: settings.deployer.lockTimeoutMs, statementTimeoutMs: settings.deployer.statementTimeoutMs, applicationName: 'shadowtune-schema-evolver-deployer' });
  const shadowUrl = (await databases.shadow()).url;
  const template = settings.abTest.shadowTemplateDatabase ?? decodeURIComponent(new URL(shadowUrl).pathname.slice(1));
  return {
    catalog,
    production,
    introspection,
    deployer,
    shadow: { serverUrl: shadowUrl, template },
    async loadModel() {
      if (introspection !== null) return introspectSchema(introspection);
      // A short session: the template must be free of sessions when the A/B copies it.
      const client = new pg.Client({ connectionString: databaseUrl(shadowUrl, template), application_name: 'shadowtune-schema-evolver' });
      await client.connect();
      try {
        return await introspectSchema(client);
      } finally {
        await client.end();
      }
    },
    async close() {
      await deployer?.close().catch(() => undefined);
      await introspection?.end().catch(() => undefined);
    },
  };
}
