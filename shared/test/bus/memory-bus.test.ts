import { createMemoryBus } from '../../src/bus/memory-bus.js';
import { createLogger } from '../../src/log/create-logger.js';
import { defineBusContract } from './bus-contract.js';

defineBusContract('memory', async () => {
  const bus = createMemoryBus({ logger: createLogger({ service: 'test', level: 'silent' }), partitions: 6 });
  return { bus, close: () => bus.close() };
});
