import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { TOPIC_NAMES, type TopicName, type TopicRecords } from './generated-types.js';
import { SCHEMA_DIR } from './schema-dir.js';

export interface TopicContract {
  readonly topic: TopicName;
  /** The .avsc document as parsed JSON (what the registry receives). */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly type: avro.Type;
}

/**
 * Hand-written encoders of a topic's records, for the topics whose volume makes avsc's
 * validate-then-encode the cost that matters (capture's query.signatures). Each must
 * write the bytes avsc writes (its own test compares them) and throw ENCODE_FAILED for
 * what avsc refuses.
 */
export type TopicEncoders = { readonly [T in TopicName]?: (value: TopicRecords[T]) => Buffer };

/** Avro types of every topic, from `schemas/` (the single source of truth). */
export class ContractCodec {
  private readonly contracts = new Map<string, TopicContract>();

  constructor(
    schemaDir: string = SCHEMA_DIR,
    private readonly encoders: TopicEncoders = {},
  ) {
    for (const topic of TOPIC_NAMES) {
      const schema = JSON.parse(readFileSync(join(schemaDir, `${topic}.avsc`), 'utf8')) as Record<string, unknown>;
      this.contracts.set(topic, { topic, schema, type: avro.Type.forSchema(schema as avro.Schema) });
    }
  }

  isContractTopic(topic: string): topic is TopicName {
    return this.contracts.has(topic);
  }

  contract(topic: TopicName): TopicContract {
    const contract = this.contracts.get(topic);
    if (!contract) throw new ShadowtuneError('INTERNAL', `no schema for topic ${topic}`);
    return contract;
  }

  /** Throws ENCODE_FAILED naming every field that does not match the topic's schema. */
  validate<T extends TopicName>(topic: T, value: TopicRecords[T]): void {
    const problems: string[] = [];
    const valid = this.contract(topic).type.isValid(value, {
      errorHook: (path: string[], _value: unknown, type: avro.Type) => {
        problems.push(`${path.join('.') || '(record)'} is not a valid ${type.typeName}`);
      },
    });
    if (!valid) {
      throw new ShadowtuneError('ENCODE_FAILED', `record for ${topic} does not match its schema: ${problems.slice(0, 5).join('; ')}`, {
        context: { topic },
      });
    }
  }

  /** Avro binary of a record (no framing): the topic's own encoder if it has one, else avsc after validation. */
  encode<T extends TopicName>(topic: T, value: TopicRecords[T]): Buffer {
    const encoder = this.encoders[topic] as ((value: TopicRecords[T]) => Buffer) | undefined;
    if (encoder !== undefined) return encoder(value);
    this.validate(topic, value);
    return this.contract(topic).type.toBuffer(value);
  }

  /** Decodes Avro binary; DECODE_FAILED for bytes that are not a record of this topic. */
  decode<T extends TopicName>(topic: T, bytes: Buffer): TopicRecords[T] {
    try {
      return this.contract(topic).type.fromBuffer(bytes) as TopicRecords[T];
    } catch (cause) {
      throw new ShadowtuneError('DECODE_FAILED', `bytes on ${topic} are not a valid ${topic} record: ${(cause as Error).message}`, { cause, context: { topic } });
    }
  }
}
