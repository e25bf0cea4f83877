import { isUtf8 } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RawBusEvent } from '@shadowtune/shared/bus/bus';
import { ShadowtuneError, toShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import type { CapturePipeline } from '../pipeline/capture-pipeline.js';
import { shipperEntries } from '../shipper/shipper-entries.js';

export interface RawEventHandlerOptions {
  readonly pipeline: CapturePipeline;
  readonly logger: Logger;
  /** Attempts at publishing one event's records before giving up (the bus then retries and dead-letters). */
  readonly publishAttempts?: number;
  readonly backoffMs?: number;
}

/**
 * Handler of the raw input topic (`query.events.raw`): each event holds JSON lines (or a
 * JSON array) of jsonlog/csvlog-shaped records, as on the HTTP endpoint. Bad input never
 * makes it throw — it is dead-lettered here, without its bytes, because the bus would
 * dead-letter the raw event with its value (production literals). It throws only when
 * publishing keeps failing, after retrying itself, so that the offset is not committed.
 */
export function createRawEventHandler(options: RawEventHandlerOptions): (event: RawBusEvent) => Promise<void> {
  const attempts = options.publishAttempts ?? 8;
  const backoffMs = options.backoffMs ?? 500;

  async function handleOnce(event: RawBusEvent): Promise<void> {
    const origin = { originalTopic: event.topic, partition: event.partition, offset: Number(event.offset) };
    const batch = options.pipeline.batch();
    if (event.value === null || event.value.length === 0) {
      batch.deadLetter('INPUT_INVALID', `event without value (at kafka:${event.topic}:${event.partition}:${event.offset})`, 'kafka_raw', origin);
    } else {
      const invalidUtf8 = !isUtf8(event.value);
      const { entries } = shipperEntries(event.value.toString('utf8'), 'KAFKA_RAW', { identity: 'kafka', unit: `kafka:${event.topic}:${event.partition}:${event.offset}` }, invalidUtf8);
      if (entries.length === 0) batch.deadLetter('INPUT_INVALID', `event holds no record (at kafka:${event.topic}:${event.partition}:${event.offset})`, 'kafka_raw', origin);
      for (const entry of entries) batch.handleEntry(entry, 'kafka_raw', origin);
    }
    await batch.settle();
  }

  return async (event) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handleOnce(event);
        return;
      } catch (error) {
        const failure = toShadowtuneError(error, 'KAFKA_UNAVAILABLE');
        if (attempt >= attempts) throw new ShadowtuneError('KAFKA_UNAVAILABLE', 'publishing the records of a raw event failed', { cause: failure, retriable: true });
        options.logger.warn({ err: failure, attempt, topic: event.topic, partition: event.partition, offset: event.offset }, 'publishing the records of a raw event failed; retrying');
        await sleep(Math.min(backoffMs * 2 ** (attempt - 1), 30_000));
      }
    }
  };
}
