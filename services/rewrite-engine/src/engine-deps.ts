import type { BenchRequest, RewriteProposal } from '@shadowtune/shared/contracts/generated-types';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { EvaluationStore } from './catalog/evaluation-store.js';
import type { FindingStore } from './catalog/finding-store.js';
import type { DeployDeps } from './deploy/deploy-deps.js';
import type { JudgeOptions } from './evaluate/judge-candidate.js';
import type { PlanOptions } from './evaluate/plan-evaluation.js';

/** Everything the rewrite-engine's handlers use, passed in by the wiring (or a test). */
export interface EngineDeps {
  readonly findings: FindingStore;
  readonly evaluations: EvaluationStore;
  readonly deploy: DeployDeps;
  /** The schema model of the shadow database a dataset lives in (null: the configured shadow). */
  readonly shadowModel: (datasetId: string | null) => Promise<SchemaModel>;
  /** Other statements on these tables (schema.table), for regression guards. */
  readonly guardsOn: (tables: readonly string[], except: string) => Promise<{ fingerprint: string; sql: string }[]>;
  readonly publishRequest: (request: BenchRequest) => Promise<void>;
  readonly publishProposal: (proposal: RewriteProposal) => Promise<void>;
  readonly planOptions: PlanOptions;
  readonly judgeOptions: JudgeOptions;
  readonly policy: ShadowtuneConfig['rewriteRuleDeploymentPolicy'];
  readonly now: () => number;
  readonly logger: Logger;
}
