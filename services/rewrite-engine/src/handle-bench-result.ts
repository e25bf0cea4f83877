import type { BenchResult } from '@shadowtune/shared/contracts/generated-types';
import type { StoredEvaluation } from './catalog/evaluation-store.js';
import { deployByPolicy } from './deploy/deploy-by-policy.js';
import type { EngineDeps } from './engine-deps.js';
import { judgeEvaluation } from './evaluate/judge-evaluation.js';
import { planEvaluation } from './evaluate/plan-evaluation.js';
import { buildProposals } from './proposals/build-proposals.js';

/** Stores proposals, publishes them and deploys them per policy. */
async function propose(deps: EngineDeps, built: ReturnType<typeof buildProposals>): Promise<void> {
  for (const outcome of built.outcomes) await deps.evaluations.recordCandidate(outcome);
  for (const proposal of built.proposals) {
    const stored = await deps.deploy.proposals.upsert(proposal);
    await deps.publishProposal(stored);
    await deployByPolicy(deps.deploy, stored, deps.policy);
  }
}

/**
 * A dataset's baseline arrived: plan the evaluation of its fingerprint (candidates for it
 * and for the other findings on its tables, rewrites, guards) and ask the bench-runner to
 * measure it. Every reason a finding gets no candidate is recorded.
 */
async function startEvaluation(result: BenchResult, deps: EngineDeps): Promise<void> {
  const findings = await deps.findings.forFingerprint(result.fingerprint);
  if (findings.length === 0) {
    deps.logger.info({ fingerprint: result.fingerprint, datasetId: result.datasetId }, 'baseline for a fingerprint without a stored finding: nothing to evaluate');
    return;
  }
  if (result.measurements.length === 0 && result.failures.length > 0) {
    const failure = result.failures[0]!;
    for (const finding of findings) await deps.findings.recordSkip(finding.findingId, 'BASELINE_NOT_MEASURED', `${failure.code}: ${failure.message}`);
    return;
  }
  const model = await deps.shadowModel(result.datasetId);
  const tables = [...new Set(findings.flatMap((f) => f.tables))];
  const related = await deps.findings.onTables(tables);
  const guards = await deps.guardsOn(tables, result.fingerprint);
  const plan = planEvaluation({ fingerprint: result.fingerprint, datasetId: result.datasetId, findings, related, guards, model, options: deps.planOptions, now: deps.now() });
  for (const finding of findings) for (const skip of plan.skips) await deps.findings.recordSkip(finding.findingId, skip.reason, skip.detail);
  if (!plan.request) {
    const advisory = plan.candidates.filter((c) => c.kind === 'advisory');
    if (advisory.length > 0) {
      const judged = judgeEvaluation(advisory, result, deps.judgeOptions);
      await propose(deps, buildProposals(judged, result, { requestId: `adv_${result.resultId}`, fingerprint: result.fingerprint, findingIds: findings.map((f) => f.findingId), originalSql: findings[0]!.normalizedSql, datasetId: result.datasetId, now: deps.now() }));
    }
    return;
  }
  await deps.evaluations.create({ requestId: plan.request.requestId, fingerprint: result.fingerprint, datasetId: result.datasetId, findingIds: plan.request.findingIds, candidates: plan.candidates });
  await deps.publishRequest(plan.request);
  deps.logger.info({ fingerprint: result.fingerprint, requestId: plan.request.requestId, variants: plan.request.variants.length, guards: plan.request.guards.length }, 'evaluation requested');
}

/** The measurements of an evaluation arrived: judge, propose, deploy per policy. */
async function concludeEvaluation(evaluation: StoredEvaluation, result: BenchResult, deps: EngineDeps): Promise<void> {
  const findings = (await Promise.all(evaluation.findingIds.map((id) => deps.findings.byId(id)))).filter((f) => f !== null);
  const judged = judgeEvaluation(evaluation.candidates, result, deps.judgeOptions);
  const built = buildProposals(judged, result, {
    requestId: evaluation.requestId,
    fingerprint: evaluation.fingerprint,
    findingIds: evaluation.findingIds,
    originalSql: findings[0]?.normalizedSql ?? '',
    datasetId: evaluation.datasetId,
    now: deps.now(),
  });
  await propose(deps, built);
  await deps.evaluations.markJudged(evaluation.requestId);
  deps.logger.info(
    { fingerprint: evaluation.fingerprint, requestId: evaluation.requestId, proposals: built.proposals.length, rejected: built.outcomes.filter((o) => o.outcome === 'rejected').length },
    'evaluation judged',
  );
}

/**
 * bench.results: a dataset baseline (requestId null) starts an evaluation; the answer to
 * one of the engine's requests concludes it. Results of requests the engine did not make
 * are ignored. Redelivery is harmless: requests and proposals have ids derived from their
 * content and deployments from their proposal.
 */
export async function handleBenchResult(result: BenchResult, deps: EngineDeps): Promise<void> {
  if (result.requestId === null) {
    await startEvaluation(result, deps);
    return;
  }
  const evaluation = await deps.evaluations.get(result.requestId);
  if (!evaluation) return;
  await concludeEvaluation(evaluation, result, deps);
}
