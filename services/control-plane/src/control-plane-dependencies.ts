import type pg from 'pg';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';

/** What the HTTP API needs; the service wires real ones, tests real ones too (a catalog database, a memory bus). */
export interface ControlPlaneDependencies {
  readonly catalog: pg.Pool;
  readonly logger: Logger;
  /** Bearer token of writes; null refuses every write. */
  readonly apiToken: string | null;
  /** Names of the servers Persona Creation may use (services.controlPlane.targetServers). */
  readonly targetServers: readonly string[];
  /** Publishes on `deployments` (approvals, rollback requests), keyed by proposalId. */
  readonly publishDeploymentEvent: (event: DeploymentEvent) => Promise<void>;
  /** A workflow was just started: wake this process's worker. */
  readonly onWorkflowStarted?: (workflowId: string) => void;
}
