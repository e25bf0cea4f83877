import { loadModule } from 'libpg-query';
import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { CaptureMetrics } from './metrics/capture-metrics.js';
import type { StatementSource } from './pg-stat-statements/statement-source.js';
import { CapturePipeline } from './pipeline/capture-pipeline.js';
import { createBusPublisher } from './pipeline/create-bus-publisher.js';
import { QuerySignatureEncoder } from './pipeline/query-signature-encoder.js';
import { createRawEventHandler } from './raw-topic/create-raw-event-handler.js';
import { startCaptureInputs } from './start-capture-inputs.js';

/**
 * capture: PostgreSQL logs (files, log shippers over HTTP and the raw topic) and
 * pg_stat_statements → query.signatures (keyed by fingerprint); bad input → dead.letters.
 * Wiring only: the inputs and the pipeline live in their own files.
 */
const capture: ServiceDefinition = {
  name: 'capture',
  consumes: ['query.events.raw'],
  produces: ['query.signatures', 'dead.letters'],
  encoders() {
    // The encoder bench:capture measures: byte-identical to avsc (its test), without avsc's per-record validation pass.
    const signatures = new QuerySignatureEncoder();
    return { 'query.signatures': (record) => signatures.toBuffer(record) };
  },
  async start(context) {
    const settings = context.config.services.capture;
    await loadModule();
    const metrics = new CaptureMetrics(context.metrics.registry);
    const pipeline = new CapturePipeline({ settings, samplingRate: context.config.samplingRate, publisher: createBusPublisher(context.bus), metrics, logger: context.logger });
    const production = settings.pgStatStatements.enabled ? await context.databases.production() : null;
    const statementSource: StatementSource | null = production === null ? null : (sql, params) => production.query(sql, params);
    const inputs = await startCaptureInputs({ settings, pipeline, metrics, logger: context.logger, statementSource });
    const subscription = settings.rawTopic.enabled
      ? await context.bus.subscribeRaw({
          groupId: settings.groupId,
          topics: [settings.rawTopic.name],
          // Raw log records hold production literals: a dead letter keeps only where it was and why.
          withholdValue: true,
          handler: createRawEventHandler({ pipeline, logger: context.logger }),
        })
      : null;
    return {
      async stop() {
        await subscription?.stop();
        await inputs.stop();
      },
    };
  },
};

export default capture;
