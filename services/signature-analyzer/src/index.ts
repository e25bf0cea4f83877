import { sqlQueryOf } from './sql-query-of.js';
import type { ServiceDefinition } from '@shadowtune/shared/service/service-definition';
import { createSignatureAnalyzer } from './create-signature-analyzer.js';
import { createSignatureHandler } from './create-signature-handler.js';
import { openPlanAndSchemaSources } from './open-plan-and-schema-sources.js';

/** signature-analyzer: query.signatures → query.findings (keyed by fingerprint). Wiring only. */
const signatureAnalyzer: ServiceDefinition = {
  name: 'signature-analyzer',
  consumes: ['query.signatures'],
  produces: ['query.findings'],
  async start(context) {
    const settings = context.config.services.signatureAnalyzer;
    const catalog = await context.databases.catalog();
    const sources = await openPlanAndSchemaSources(context.config, context.databases, context.logger);
    const analyzer = createSignatureAnalyzer({
      config: context.config,
      catalog: sqlQueryOf(catalog.pool),
      schema: sources.schema,
      plans: sources.plans,
      publish: (finding) => context.bus.publish('query.findings', finding.fingerprint, finding),
      logger: context.logger,
    });
    const subscription = await context.bus.subscribe({ groupId: settings.groupId, topics: ['query.signatures'], handler: createSignatureHandler(analyzer) });
    const flushTimer = setInterval(() => {
      analyzer.flush().catch((error: unknown) => context.logger.warn({ err: error }, 'statistics flush failed; retried at the next interval'));
    }, settings.flushIntervalMs);
    flushTimer.unref();
    return {
      async stop() {
        await subscription.stop();
        clearInterval(flushTimer);
        await analyzer.flush();
        await sources.close();
      },
    };
  },
};

export default signatureAnalyzer;
