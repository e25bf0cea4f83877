import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { QueryFinding, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import type { ExaminationRecord, ExaminationTrigger } from './catalog/examination-record.js';
import type { FindingState } from './catalog/finding-state.js';
import { loadFindingState } from './catalog/load-finding-state.js';
import { recordExamination } from './catalog/record-examination.js';
import { resolveFindings } from './catalog/resolve-findings.js';
import { saveFinding } from './catalog/save-finding.js';
import { examineSignature } from './examine-signature.js';
import { buildFinding } from './finding/build-finding.js';
import type { HandleResult } from './handle-result.js';
import type { GenericPlanResult, GenericPlanSource } from './plan/generic-plan-source.js';
import { PlanCache } from './plan/plan-cache.js';
import type { SchemaProvider } from './schema-provider.js';
import type { SqlQuery } from './sql-query.js';
import { BurstTracker, type BurstState } from './stats/burst-tracker.js';
import { detectRegression } from './stats/detect-regression.js';
import { FingerprintStatsStore } from './stats/fingerprint-stats-store.js';
import { observationOf } from './stats/observation-of.js';
import { GenerationalCache } from './util/generational-cache.js';
import type { ExaminationMemory } from './stats/fingerprint-stats.js';
import type { FingerprintAccumulator } from './stats/fingerprint-accumulator.js';
import type { StatsSummary } from './stats/stats-summary.js';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

export interface SignatureAnalyzerDependencies {
  readonly config: ShadowtuneConfig;
  /** The catalog; null keeps everything in memory (benchmarks, one-shot runs without a catalog). */
  readonly catalog: SqlQuery | null;
  readonly schema: SchemaProvider;
  /** Where plans come from (production read-only role, or the shadow); null: statement-only analysis. */
  readonly plans: GenericPlanSource | null;
  /** Publishes a finding revision on query.findings (keyed by fingerprint). */
  readonly publish: (finding: QueryFinding) => Promise<void>;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface SignatureAnalyzer {
  handle(signature: QuerySignature): Promise<HandleResult>;
  /** Writes changed statistics to the catalog. */
  flush(): Promise<void>;
  readonly planCache: PlanCache<GenericPlanResult>;
  readonly trackedFingerprints: () => number;
}

const MAX_REMEMBERED_EVENTS = 100_000;

/** An event whose statistics were applied; its examination (if any) still has to succeed. */
interface PendingStep {
  readonly trigger: ExaminationTrigger | null;
  readonly burst: BurstState | null;
}

function validate(signature: QuerySignature): void {
  if (typeof signature?.fingerprint !== 'string' || signature.fingerprint.length === 0 || signature.fingerprint.length > 200) {
    throw new ShadowtuneError('INPUT_INVALID', 'signature has no usable fingerprint');
  }
  if (typeof signature.normalizedSql !== 'string') {
    throw new ShadowtuneError('INPUT_INVALID', 'signature has no normalizedSql', { context: { fingerprint: signature.fingerprint } });
  }
  if (!Number.isFinite(signature.observedAt)) {
    throw new ShadowtuneError('INPUT_INVALID', 'signature has no observedAt time', { context: { fingerprint: signature.fingerprint } });
  }
}

/**
 * The signature-analyzer's logic: for each signature, update the fingerprint's window
 * statistics and N+1 burst counter; examine it when it is new, crosses
 * PerformanceThreshold.executionTimeMs, regresses against its own history (Welch's t-test
 * on log-durations), starts an N+1 burst, or the schema changed since its last look;
 * publish a new or changed finding (same problem → same findingId, next revision) or
 * record why there is none. Redelivered events (same eventId) are ignored; an event whose
 * examination failed (a database was unreachable) is retried without counting it twice.
 */
export function createSignatureAnalyzer(deps: SignatureAnalyzerDependencies): SignatureAnalyzer {
  const settings = deps.config.services.signatureAnalyzer;
  const thresholds = deps.config.performanceThreshold;
  const now = deps.now ?? Date.now;
  const store = new FingerprintStatsStore(settings, deps.catalog);
  const bursts = new BurstTracker({ burstWindowMs: settings.burstWindowMs, burstMinCalls: settings.burstMinCalls, maxKeys: settings.maxTrackedFingerprints });
  const planCache = new PlanCache<GenericPlanResult>(settings.planCacheSize);
  const completedEvents = new GenerationalCache<string, true>(MAX_REMEMBERED_EVENTS);
  const pendingEvents = new GenerationalCache<string, PendingStep>(1_000);
  const memoryFindings = new Map<string, FindingState>();
  const currentFindings = new Map<string, QueryFinding>();
  let lastFlush = now();
  const parserReady = loadSqlParser();

  async function findingState(findingId: string): Promise<FindingState | null> {
    return deps.catalog === null ? (memoryFindings.get(findingId) ?? null) : loadFindingState(deps.catalog, findingId);
  }

  async function resolveOthers(fingerprint: string, keep: string | null): Promise<string[]> {
    if (deps.catalog !== null) return resolveFindings(deps.catalog, fingerprint, keep);
    const resolved: string[] = [];
    for (const [id, state] of memoryFindings) {
      const finding = currentFindings.get(id);
      if (finding?.fingerprint === fingerprint && id !== keep && state.status === 'open') {
        memoryFindings.set(id, { ...state, status: 'resolved' });
        resolved.push(id);
      }
    }
    return resolved;
  }

  async function handle(signature: QuerySignature): Promise<HandleResult> {
    validate(signature);
    await parserReady;
    if (completedEvents.has(signature.eventId)) {
      return { duplicate: true, trigger: null, examination: null, published: null, finding: null, resolved: [] };
    }
    // Read first: a failure here leaves nothing half done, and the bus retries the event.
    const schema = await deps.schema.current();
    const { accumulator, isNew } = await store.track(signature.fingerprint);
    let step = pendingEvents.get(signature.eventId);
    if (step === undefined) {
      step = updateStatistics(signature, accumulator, isNew, schema.version);
      // Kept until the examination succeeds: a retried event re-runs it without counting twice.
      pendingEvents.set(signature.eventId, step);
    }
    let result: HandleResult = { duplicate: false, trigger: null, examination: null, published: null, finding: null, resolved: [] };
    if (step.trigger !== null) {
      result = await examine(signature, step.trigger, accumulator.summary(), schema.version, schema, step.burst, accumulator.examination);
      accumulator.examination = { ...accumulator.examination, lastExaminedAt: now(), schemaVersion: schema.version };
      accumulator.dirty = true;
    }
    pendingEvents.delete(signature.eventId);
    completedEvents.set(signature.eventId, true);
    if (now() - lastFlush >= settings.flushIntervalMs) await flush();
    return result;
  }

  /** Adds the record to the window statistics and burst counter; returns why to examine now, if at all. */
  function updateStatistics(signature: QuerySignature, accumulator: FingerprintAccumulator, isNew: boolean, schemaVersion: string): PendingStep {
    const observation = observationOf(signature);
    accumulator.add(observation);
    const meanMs = accumulator.meanMs();
    const burst = bursts.record(signature.fingerprint, signature.tags.session, signature.tags.application, observation.observedAt, observation.weightedCalls);
    const memory = accumulator.examination;
    const above = meanMs !== null && meanMs >= thresholds.executionTimeMs;
    const samples = accumulator.regressionSamples();
    const regression = detectRegression(samples.baseline, samples.recent, {
      minSamples: settings.regressionMinSamples,
      significance: settings.regressionSignificance,
      minRatio: settings.regressionMinRatio,
    });
    const burstStarts = burst?.isBurst === true && (memory.lastBurstAt === null || observation.observedAt - memory.lastBurstAt > settings.windowMs);
    let trigger: ExaminationTrigger | null = null;
    if (isNew || memory.lastExaminedAt === null) trigger = 'NEW';
    else if (burstStarts) trigger = 'N_PLUS_ONE_BURST';
    else if (regression.regressed && samples.recentWindow !== memory.lastRegressionWindow) trigger = 'REGRESSION';
    else if (above && !memory.aboveThreshold) trigger = 'THRESHOLD';
    else if (memory.schemaVersion !== schemaVersion) trigger = 'SCHEMA_CHANGED';
    accumulator.examination = {
      ...memory,
      aboveThreshold: above,
      lastRegressionWindow: regression.regressed ? samples.recentWindow : memory.lastRegressionWindow,
      ...(burstStarts ? { lastBurstAt: observation.observedAt, lastBurstCalls: burst!.callsInWindow, lastBurstOrigin: burst!.origin } : {}),
    };
    accumulator.dirty = true;
    return { trigger, burst };
  }


  async function examine(
    signature: QuerySignature,
    trigger: ExaminationTrigger,
    summary: StatsSummary,
    schemaVersion: string,
    schema: SchemaModel,
    liveBurst: BurstState | null,
    memory: ExaminationMemory,
  ): Promise<HandleResult> {
    // A burst seen within the statistics horizon still counts at a later examination.
    const horizon = settings.windowMs * settings.windowCount;
    const rememberedBurst: BurstState | null =
      memory.lastBurstAt !== null && memory.lastBurstAt !== undefined && signature.observedAt - memory.lastBurstAt <= horizon && memory.lastBurstCalls != null
        ? { callsInWindow: memory.lastBurstCalls, isBurst: true, origin: memory.lastBurstOrigin ?? 'session' }
        : null;
    const burst = liveBurst?.isBurst ? liveBurst : rememberedBurst;
    const explain = deps.plans === null ? null : (request: Parameters<GenericPlanSource['explain']>[0]) => planCache.getOrCreate(signature.fingerprint, schemaVersion, () => deps.plans!.explain(request));
    const outcome = await examineSignature({ signature, schema, config: deps.config, stats: summary, burst, explain });
    const examinedAt = now();
    const base = {
      fingerprint: signature.fingerprint,
      normalizedSql: signature.normalizedSql,
      statementKind: signature.statementKind,
      examinedAt,
      trigger,
      schemaVersion,
    };
    if (outcome.kind === 'silent') {
      const record: ExaminationRecord = { ...base, outcome: 'no_finding', reasonCode: outcome.reason, reasonDetail: outcome.detail, patterns: [], findingId: null };
      if (deps.catalog !== null) await recordExamination(deps.catalog, record);
      const resolved = await resolveOthers(signature.fingerprint, null);
      for (const id of resolved) currentFindings.delete(id);
      deps.logger.debug({ fingerprint: signature.fingerprint, trigger, reason: outcome.reason }, 'examined: no finding');
      return { duplicate: false, trigger, examination: record, published: null, finding: null, resolved };
    }

    const draft = buildFinding({ signature, hits: outcome.hits, facts: outcome.facts, plan: outcome.plan, stats: summary, config: deps.config, schemaVersion, revision: 1, detectedAt: examinedAt });
    const previous = await findingState(draft.finding.findingId);
    const unchanged = previous !== null && previous.status === 'open' && previous.contentHash === draft.contentHash;
    const revision = previous === null ? 1 : unchanged ? previous.revision : previous.revision + 1;
    const finding: QueryFinding = { ...draft.finding, revision };
    const record: ExaminationRecord = {
      ...base,
      outcome: 'finding',
      reasonCode: null,
      reasonDetail: null,
      patterns: finding.patterns.map((p) => p.pattern),
      findingId: finding.findingId,
    };
    let published: QueryFinding | null = null;
    if (!unchanged) {
      // Publish before saving: if saving fails the redelivered event publishes the same revision again (idempotent downstream).
      await deps.publish(finding);
      published = finding;
      if (deps.catalog !== null) await saveFinding(deps.catalog, finding, draft.contentHash);
      else memoryFindings.set(finding.findingId, { revision, contentHash: draft.contentHash, status: 'open' });
      deps.logger.info({ fingerprint: signature.fingerprint, findingId: finding.findingId, revision, patterns: record.patterns, severity: finding.severity }, 'finding published');
    }
    // Without a catalog the open findings are kept here (one per fingerprint and pattern set) to resolve them later.
    if (deps.catalog === null) currentFindings.set(finding.findingId, finding);
    if (deps.catalog !== null) await recordExamination(deps.catalog, record);
    const resolved = await resolveOthers(signature.fingerprint, finding.findingId);
    for (const id of resolved) currentFindings.delete(id);
    return { duplicate: false, trigger, examination: record, published, finding, resolved };
  }

  async function flush(): Promise<void> {
    lastFlush = now();
    await store.flush();
  }

  return { handle, flush, planCache, trackedFingerprints: () => store.residentCount };
}
