import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service process (served on /metrics). */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly eventsIn: Counter<'topic'>;
  readonly eventsOut: Counter<'topic'>;
  readonly handlerSeconds: Histogram<'topic'>;
  readonly deadLetters: Counter<'topic' | 'code'>;
  readonly lag: Gauge<'topic' | 'partition'>;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    eventsIn: new Counter({ name: 'shadowtune_events_in_total', help: 'Events handled successfully', labelNames: ['topic'], registers: [registry] }),
    eventsOut: new Counter({ name: 'shadowtune_events_out_total', help: 'Events published', labelNames: ['topic'], registers: [registry] }),
    handlerSeconds: new Histogram({
      name: 'shadowtune_handler_seconds',
      help: 'Handler latency',
      labelNames: ['topic'],
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60],
      registers: [registry],
    }),
    deadLetters: new Counter({ name: 'shadowtune_dead_letters_total', help: 'Events dead-lettered', labelNames: ['topic', 'code'], registers: [registry] }),
    lag: new Gauge({ name: 'shadowtune_consumer_lag', help: 'Messages behind the partition end', labelNames: ['topic', 'partition'], registers: [registry] }),
  };
}
