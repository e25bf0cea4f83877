import type pg from 'pg';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import type { MigrationDeployer } from '@shadowtune/shared/db/create-migration-deployer';
import type { ProductionReader } from '@shadowtune/shared/db/databases';
import type { Logger } from '@shadowtune/shared/log/create-logger';

/** What applying, watching and rolling back schema changes use. */
export interface SchemaDeploymentDeps {
  readonly catalog: pg.Pool;
  /** The only writer to production. */
  readonly deployer: MigrationDeployer;
  /** A read-only production session for schema snapshots (one transaction per snapshot). */
  readonly introspection: pg.Pool;
  /** The read-only production role, for prechecks. */
  readonly reader: ProductionReader;
  readonly publish: (event: DeploymentEvent) => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
}
