import type { Deployer } from '@shadowtune/shared/db/create-deployer';
import type { DeploymentEvent, RewriteRule } from '@shadowtune/shared/contracts/generated-types';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { DeploymentStore } from '../catalog/deployment-store.js';
import type { LatencyStore } from '../catalog/latency-store.js';
import type { ProposalStore } from '../catalog/proposal-store.js';
import type { RuleStore } from '../catalog/rule-store.js';

/** What deploying, rolling back and watching need; built by the service wiring or the CLI. */
export interface DeployDeps {
  readonly proposals: ProposalStore;
  readonly deployments: DeploymentStore;
  readonly rules: RuleStore;
  readonly latency: LatencyStore;
  /** The deployer role on production, or null when no production connection is configured. */
  readonly deployer: () => Promise<Deployer | null>;
  readonly publishDeployment: (event: DeploymentEvent) => Promise<void>;
  readonly publishRule: (rule: RewriteRule) => Promise<void>;
  /** Runs `work` while holding a catalog lock on `key`, so two handlers never apply the same deployment at once. */
  readonly withLock: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  readonly watch: { readonly windowMs: number; readonly minCalls: number; readonly regressionFactor: number };
  readonly now: () => number;
  readonly logger: Logger;
}
