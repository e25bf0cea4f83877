import type { DeadLetter } from '../contracts/generated-types.js';
import type { ShadowtuneError } from '../errors/shadowtune-error.js';

export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** The dead-letter record of an event a consumer group gave up on. */
export function buildDeadLetter(source: DeadLetterSource, error: ShadowtuneError, attempts: number, service: string): DeadLetter {
  return {
    originalTopic: source.topic,
    partition: source.partition,
    offset: Number(source.offset),
    key: source.key,
    value: source.value,
    errorCode: error.code,
    reason: error.message,
    retriable: error.retriable,
    attempts,
    service,
    failedAt: Date.now(),
  };
}
