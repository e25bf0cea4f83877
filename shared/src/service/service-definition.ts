import type { Bus } from '../bus/bus.js';
import type { ShadowtuneConfig } from '../config/config-schema.js';
import type { TopicEncoders } from '../contracts/contract-codec.js';
import type { Databases } from '../db/databases.js';
import type { Logger } from '../log/create-logger.js';
import type { ServiceMetrics } from './service-metrics.js';

export const SERVICE_NAMES = [
  'capture',
  'signature-analyzer',
  'synth-generator',
  'bench-runner',
  'rewrite-engine',
  'schema-evolver',
  'control-plane',
  'alerter',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What a service's wiring receives: everything it may use, opened by the runtime. */
export interface ServiceContext {
  readonly name: ServiceName;
  readonly config: ShadowtuneConfig;
  readonly logger: Logger;
  readonly bus: Bus;
  readonly databases: Databases;
  readonly metrics: ServiceMetrics;
}

export interface RunningService {
  /** Stop taking new work and finish the in-flight handler (offsets committed). */
  stop(): Promise<void>;
}

/**
 * Each `services/<name>/src/index.ts` default-exports one of these. `start` only wires:
 * it subscribes handlers (built from the service's logic files) to topics and starts inputs.
 */
export interface ServiceDefinition {
  readonly name: ServiceName;
  /** Topics the service consumes (for docs, health and lag metrics). */
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  /** Hand-written encoders for topics it produces in volume (see TopicEncoders); the bus uses avsc for the rest. */
  encoders?(): TopicEncoders;
  start(context: ServiceContext): Promise<RunningService>;
}
