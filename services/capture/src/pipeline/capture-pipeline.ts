import type { DeadLetter, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import type { CaptureConfig } from '@shadowtune/shared/config/services/capture-config';
import type { ErrorCode } from '@shadowtune/shared/errors/error-codes';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { interpretLogRecord, type InterpretOptions } from '../log/interpret-log-record.js';
import type { DecodedEntry } from '../log/decoded-entry.js';
import type { CaptureInput, CaptureMetrics } from '../metrics/capture-metrics.js';
import type { LexicalNormalization } from '../normalize/lexical-normalization.js';
import { lexicalNormalize } from '../normalize/lexical-normalize.js';
import { lexicalStructure } from '../normalize/lexical-structure.js';
import { StatementFingerprinter } from '../normalize/statement-fingerprinter.js';
import type { StatementStructure } from '../normalize/statement-structure.js';
import { stripPlanLiterals } from '../plan/strip-plan-literals.js';
import { classifyParameterText } from '../profiles/classify-parameter-text.js';
import { hashSeedFromSalt } from '../profiles/hash-seed-from-salt.js';
import { literalParameterValue } from '../profiles/literal-parameter-value.js';
import { ParameterProfileStore } from '../profiles/parameter-profile-store.js';
import type { ParameterValue } from '../profiles/parameter-value.js';
import { FingerprintSampler } from '../sampling/fingerprint-sampler.js';
import { buildSignatureTags } from '../tags/build-signature-tags.js';
import { GenerationalCache } from '../util/generational-cache.js';
import { hashText32 } from '../util/hash-text-32.js';
import { SeenFilter } from '../util/seen-filter.js';
import { parseSqlCommenter } from '../tags/parse-sqlcommenter.js';
import { captureInputOf } from './capture-input-of.js';
import type { CapturePublisher } from './capture-publisher.js';
import { eventIdOf } from './event-id-of.js';
import type { StatementObservation } from './statement-observation.js';

export interface CapturePipelineOptions {
  readonly settings: CaptureConfig;
  /** The concept's SamplingRate (top-level config key). */
  readonly samplingRate: number;
  readonly publisher: CapturePublisher;
  readonly metrics: CaptureMetrics;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Where a dead letter says the input came from (Kafka coordinates, or -1 for other inputs). */
export interface DeadLetterOrigin {
  readonly originalTopic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface BatchSummary {
  readonly published: number;
  readonly sampledOut: number;
  readonly skipped: number;
  readonly deadLettered: number;
}

const NO_SAMPLING = { keep: true, firstInWindow: false, weight: 1 } as const;
/** Bound statement texts whose normalization is kept (see boundNormalization). */
const BOUND_STATEMENT_CACHE_SIZE = 4096;

/**
 * The capture pipeline: log record → statement observation → lexical normalization →
 * structure (cached PostgreSQL parse) → sampling → parameter profiles → tags → plan →
 * QuerySignature, published through the injected publisher. Bad input is dead-lettered
 * without its bytes. Synchronous per statement; publishing is awaited per batch.
 */
export class CapturePipeline {
  readonly fingerprinter: StatementFingerprinter;
  readonly profiles: ParameterProfileStore;
  private readonly sampler: FingerprintSampler;
  private readonly allowedCommentKeys: ReadonlySet<string>;
  private readonly interpretOptions: InterpretOptions;
  private readonly now: () => number;
  private readonly warnedDeadLetters = new Set<string>();
  private readonly boundStatements = new GenerationalCache<string, LexicalNormalization>(BOUND_STATEMENT_CACHE_SIZE);
  private readonly boundSeen = new SeenFilter(BOUND_STATEMENT_CACHE_SIZE);
  private readonly scratchPositions: number[] = [];
  private readonly scratchValues: ParameterValue[] = [];

  constructor(readonly options: CapturePipelineOptions) {
    const settings = options.settings;
    this.now = options.now ?? Date.now;
    this.fingerprinter = new StatementFingerprinter(settings.fingerprintCacheSize);
    this.sampler = new FingerprintSampler({ rate: options.samplingRate, windowMs: settings.samplingWindowMs, maxTrackedFingerprints: settings.maxTrackedFingerprints });
    this.profiles = new ParameterProfileStore({
      seed: hashSeedFromSalt(settings.parameterProfileSalt),
      sketchBudget: settings.parameterSketchBudget,
      maxFingerprints: settings.maxTrackedFingerprints,
      maxPositions: settings.maxProfiledParameters,
    });
    this.allowedCommentKeys = new Set(settings.commentTagKeys);
    this.interpretOptions = { autoExplainCountsCalls: settings.autoExplainCountsCalls, now: this.now };
  }

  /** A unit of work whose publishes are awaited together (one file chunk, one HTTP request, one Kafka event). */
  batch(): CaptureBatch {
    return new CaptureBatch(this);
  }

  /** @internal Turns an observation into a record, or null when sampling drops it. */
  signatureOf(observation: StatementObservation): QuerySignature | null {
    const { settings, metrics } = this.options;
    const input = captureInputOf(observation.source);
    const flags = [...observation.flags];
    const statement = observation.statement;
    const tooLarge = statement.length > settings.maxStatementBytes || (statement.length * 3 > settings.maxStatementBytes && Buffer.byteLength(statement) > settings.maxStatementBytes);
    // Bound statements (execute with parameters) repeat word for word: their normalization is kept.
    const normalization = observation.parameters === null ? lexicalNormalize(statement) : this.boundNormalization(statement);
    let normalizedSql = normalization.normalizedSql;
    let structure: StatementStructure;
    if (tooLarge) {
      flags.push('STATEMENT_TOO_LARGE');
      if (normalizedSql.length > settings.maxStatementBytes) {
        normalizedSql = normalizedSql.slice(0, settings.maxStatementBytes);
        flags.push('TRUNCATED');
      }
      structure = lexicalStructure(normalization.normalizedSql);
    } else {
      structure = this.fingerprinter.structureOf(normalization, statement);
      if (!structure.parsed) flags.push('UNPARSABLE');
    }
    const fingerprint = structure.fingerprint;
    const decision = observation.sampled ? this.sampler.decide(fingerprint, observation.observedAt) : NO_SAMPLING;
    if (observation.profiled) this.observeValues(fingerprint, normalization.literals, normalization.literalPositions, normalization.parameterPositions, observation.parameters);
    if (!decision.keep) {
      metrics.statement(input, 'sampled_out');
      return null;
    }
    if (decision.firstInWindow) flags.push('FIRST_IN_WINDOW');
    let commentTags: Readonly<Record<string, string>> = {};
    if (normalization.comments.length > 0) {
      const parsed = parseSqlCommenter(normalization.comments, this.allowedCommentKeys);
      commentTags = parsed.tags;
      metrics.rejectedCommentTags(parsed.rejected);
    }
    let plan: string | null = null;
    if (observation.plan !== null) {
      plan = stripPlanLiterals(observation.plan, normalizedSql);
      if (plan === null) flags.push('PLAN_UNREADABLE');
    }
    for (const flag of flags) metrics.flag(flag);
    metrics.statement(input, 'published');
    return {
      eventId: eventIdOf(observation.source, observation.sourcePosition),
      fingerprint,
      normalizedSql,
      statementKind: structure.statementKind,
      relations: structure.relations,
      parsed: structure.parsed,
      flags,
      source: observation.source,
      sourcePosition: observation.sourcePosition,
      observedAt: observation.observedAt,
      calls: observation.calls,
      samplingWeight: decision.weight,
      durationMs: observation.durationMs,
      totalDurationMs: observation.totalDurationMs,
      rows: observation.rows,
      tags: buildSignatureTags(observation.origin, commentTags),
      parameters: this.profiles.profilesOf(fingerprint),
      plan,
    };
  }

  /**
   * The normalization of a statement sent with bind parameters, from the cache when the
   * same text came before. Only texts without literals or comments are kept (their
   * normalization holds nothing from production beyond the statement's structure), and
   * only from their second sighting on.
   */
  private boundNormalization(statement: string): LexicalNormalization {
    const cached = this.boundStatements.get(statement);
    if (cached !== undefined) return cached;
    const normalization = lexicalNormalize(statement);
    if (normalization.literals.length === 0 && normalization.comments.length === 0 && !normalization.unterminated && this.boundSeen.checkAndAdd(hashText32(statement))) {
      this.boundStatements.set(statement, normalization);
    }
    return normalization;
  }

  private observeValues(
    fingerprint: string,
    literals: readonly string[],
    literalPositions: readonly number[],
    parameterPositions: readonly number[],
    parameters: readonly (string | null)[] | null,
  ): void {
    if (literals.length === 0 && (parameters === null || parameters.length === 0)) return;
    // Reused from statement to statement: the store reads them and keeps nothing of them.
    const positions = this.scratchPositions;
    const values = this.scratchValues;
    positions.length = 0;
    values.length = 0;
    for (let i = 0; i < literals.length; i += 1) {
      positions.push(literalPositions[i] ?? 0);
      values.push(literalParameterValue(literals[i] ?? ''));
    }
    if (parameters !== null) {
      for (let n = 1; n <= parameters.length; n += 1) {
        const position = parameterPositions[n] ?? 0;
        if (position === 0) continue;
        const text = parameters[n - 1] ?? null;
        positions.push(position);
        values.push({ typeClass: classifyParameterText(text), text });
      }
    }
    this.profiles.observe(fingerprint, positions, values);
    values.length = 0;
  }

  /** @internal */
  deadLetterOf(code: ErrorCode, reason: string, origin: DeadLetterOrigin): DeadLetter {
    return {
      originalTopic: origin.originalTopic,
      partition: origin.partition,
      offset: origin.offset,
      key: null,
      // Capture's input may carry production literals: the bytes are withheld (privacy invariant).
      value: null,
      errorCode: code,
      reason,
      retriable: false,
      attempts: 1,
      service: 'capture',
      failedAt: this.now(),
    };
  }

  /** @internal The first dead letter of each (input, code) is a warning, so that a wrong log_line_prefix or format shows; the rest are debug. */
  logDeadLetter(input: CaptureInput, code: ErrorCode, reason: string): void {
    const key = `${input}:${code}`;
    if (this.warnedDeadLetters.has(key)) {
      this.options.logger.debug({ input, code, reason }, 'capture input dead-lettered');
      return;
    }
    this.warnedDeadLetters.add(key);
    this.options.logger.warn({ input, code, reason }, 'capture input dead-lettered (further ones of this kind are logged at debug level)');
  }

  /** @internal */
  interpret(entry: DecodedEntry & { kind: 'record' }): ReturnType<typeof interpretLogRecord> {
    return interpretLogRecord(entry.record, this.interpretOptions);
  }
}

/** Publishes of one unit of input, awaited together by `settle`. */
export class CaptureBatch {
  private readonly pending: Promise<void>[] = [];
  private published = 0;
  private sampledOut = 0;
  private skipped = 0;
  private deadLettered = 0;

  constructor(private readonly pipeline: CapturePipeline) {}

  /** Handles one decoded log entry: a record becomes a statement (or a counted skip); a malformed one a dead letter. */
  handleEntry(entry: DecodedEntry, input: CaptureInput, origin: DeadLetterOrigin): void {
    const { metrics } = this.pipeline.options;
    if (entry.kind === 'malformed') {
      metrics.entry(input, 'malformed');
      this.deadLetter(entry.malformed.code, `${entry.malformed.reason} (at ${entry.malformed.position})`, input, origin);
      return;
    }
    metrics.entry(input, 'record');
    const interpretation = this.pipeline.interpret(entry);
    if (interpretation.kind === 'skip') {
      metrics.skipped(input, interpretation.reason);
      this.skipped += 1;
      return;
    }
    if (interpretation.kind === 'malformed') {
      this.deadLetter('LOG_LINE_MALFORMED', `${interpretation.reason} (at ${entry.record.position})`, input, origin);
      return;
    }
    this.handleObservation(interpretation.observation);
  }

  handleObservation(observation: StatementObservation): void {
    const record = this.pipeline.signatureOf(observation);
    if (record === null) {
      this.sampledOut += 1;
      return;
    }
    this.published += 1;
    this.track(this.pipeline.options.publisher.publish(record));
  }

  /** Dead-letters input that could not be handled; `reason` must not contain input text. */
  deadLetter(code: ErrorCode, reason: string, input: CaptureInput, origin: DeadLetterOrigin): void {
    const { metrics, publisher } = this.pipeline.options;
    metrics.deadLetter(input, code);
    this.deadLettered += 1;
    this.pipeline.logDeadLetter(input, code, reason);
    this.track(publisher.deadLetter(this.pipeline.deadLetterOf(code, reason, origin)));
  }

  /** Waits until everything handled in this batch is published, then flushes the publisher. */
  async settle(): Promise<BatchSummary> {
    if (this.pending.length > 0) await Promise.all(this.pending.splice(0));
    await this.pipeline.options.publisher.flush?.();
    return { published: this.published, sampledOut: this.sampledOut, skipped: this.skipped, deadLettered: this.deadLettered };
  }

  private track(result: void | Promise<void>): void {
    if (result instanceof Promise) this.pending.push(result);
  }
}
