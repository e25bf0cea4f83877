import type { ShadowtuneConfig } from '../config/config-schema.js';
import type { TopicName } from '../contracts/generated-types.js';
import type { ServiceDefinition, ServiceName } from './service-definition.js';

/**
 * The definition of a service whose event handling belongs to a later issue: it joins its
 * consumer group on its topics and acknowledges what it receives, so the topology, groups,
 * health and shutdown can be run and tested now. It does not pretend to do the work.
 */
export function subscribeOnlyService(
  name: ServiceName,
  consumes: readonly TopicName[],
  produces: readonly string[],
  groupIdOf: (config: ShadowtuneConfig) => string,
  issue: string,
): ServiceDefinition {
  return {
    name,
    consumes,
    produces,
    async start(context) {
      const groupId = groupIdOf(context.config);
      const subscription = await context.bus.subscribe({
        groupId,
        topics: consumes,
        handler: async (event) => {
          context.logger.debug({ topic: event.topic, key: event.key }, `received; handling is ${issue}`);
        },
      });
      return { stop: () => subscription.stop() };
    },
  };
}
