import type { ServiceDefinition, ServiceName } from '@shadowtune/shared/service/service-definition';

/** Every service's definition, loaded on demand so one service's process loads only its own code. */
export const SERVICE_LOADERS: Readonly<Record<ServiceName, () => Promise<ServiceDefinition>>> = {
  capture: async () => (await import('@shadowtune/capture')).default,
  'signature-analyzer': async () => (await import('@shadowtune/signature-analyzer')).default,
  'synth-generator': async () => (await import('@shadowtune/synth-generator')).default,
  'bench-runner': async () => (await import('@shadowtune/bench-runner')).default,
  'rewrite-engine': async () => (await import('@shadowtune/rewrite-engine')).default,
  'schema-evolver': async () => (await import('@shadowtune/schema-evolver')).default,
  alerter: async () => (await import('@shadowtune/alerter')).default,
  'control-plane': async () => (await import('@shadowtune/control-plane')).default,
};
