import type { Bus } from '../bus/bus.js';
import type { TopicEncoders } from '../contracts/contract-codec.js';
import type { ShadowtuneConfig } from '../config/config-schema.js';
import { createDatabases } from '../db/create-databases.js';
import type { Databases } from '../db/databases.js';
import { createLogger, type Logger } from '../log/create-logger.js';
import { createBus } from './create-bus.js';
import type { RunningService, ServiceDefinition } from './service-definition.js';
import { createServiceMetrics } from './service-metrics.js';
import { startHealthServer, type RunningHealthServer } from './start-health-server.js';

export interface RunServicesOptions {
  readonly config: ShadowtuneConfig;
  readonly definitions: readonly ServiceDefinition[];
  /** Name of the process in logs and metrics: the service name, or `shadowtune` for all in one. */
  readonly processName: string;
  readonly logger?: Logger;
  /** Use this bus instead of the configured one (embedded runs that share a memory bus with their caller). */
  readonly bus?: Bus;
  readonly databases?: Databases;
  /** Serve /healthz, /readyz and /metrics (default true). */
  readonly health?: boolean;
}

export interface RunningServices {
  readonly bus: Bus;
  readonly databases: Databases;
  readonly logger: Logger;
  readonly healthUrl: string | null;
  /** Stops consuming, lets in-flight handlers finish and commit, closes connections. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Starts service definitions in this process: one bus, one set of database connections,
 * one health endpoint. A service failing to start stops the ones already started.
 */
export async function runServices(options: RunServicesOptions): Promise<RunningServices> {
  const logger = options.logger ?? createLogger({ service: options.processName, level: options.config.logLevel });
  const metrics = createServiceMetrics(options.processName);
  const encoders = Object.assign({}, ...options.definitions.map((d) => d.encoders?.() ?? {})) as TopicEncoders;
  const bus = options.bus ?? createBus(options.config, logger, metrics, options.processName, encoders);
  const databases = options.databases ?? createDatabases(options.config, logger);
  const running: { name: string; service: RunningService }[] = [];
  let ready = false;
  let health: RunningHealthServer | null = null;
  let shuttingDown: Promise<void> | null = null;

  async function shutdown(): Promise<void> {
    shuttingDown ??= (async () => {
      ready = false;
      for (const { name, service } of [...running].reverse()) {
        try {
          await service.stop();
          logger.info({ target: name }, 'service stopped');
        } catch (error) {
          logger.error({ err: error, target: name }, 'service did not stop cleanly');
        }
      }
      if (!options.bus) await bus.close();
      if (!options.databases) await databases.close();
      await health?.stop();
    })();
    return shuttingDown;
  }

  try {
    if (options.health ?? true) {
      health = await startHealthServer(options.config.health.host, options.config.health.port, { ready: () => ready }, metrics.registry);
      logger.info({ url: health.url }, 'health endpoint listening');
    }
    for (const definition of options.definitions) {
      const serviceLogger = logger.child({ component: definition.name });
      const service = await definition.start({ name: definition.name, config: options.config, logger: serviceLogger, bus, databases, metrics });
      running.push({ name: definition.name, service });
      serviceLogger.info({ consumes: definition.consumes, produces: definition.produces }, 'service started');
    }
    ready = true;
  } catch (error) {
    await shutdown();
    throw error;
  }
  return { bus, databases, logger, healthUrl: health?.url ?? null, shutdown };
}
