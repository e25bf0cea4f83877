import type { DeploymentPolicy, DeploymentStep } from '@shadowtune/shared/contracts/generated-types';
import type { SchemaSnapshot } from '../deploy/schema-snapshot.js';

/** Where a schema deployment stands: the shared deployment row and the evolver's own state. */
export interface SchemaDeploymentState {
  readonly deploymentId: string;
  readonly proposalId: string;
  readonly step: DeploymentStep;
  readonly policy: DeploymentPolicy;
  readonly stage: 'requested' | 'expanded' | 'switched' | 'verified' | 'rolled-back' | 'failed';
  readonly snapshotBefore: SchemaSnapshot | null;
  readonly appliedAt: Date | null;
  readonly watchVerdict: 'watching' | 'kept' | 'regressed' | 'no-baseline' | null;
}
