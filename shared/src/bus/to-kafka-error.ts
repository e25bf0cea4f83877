import { ShadowtuneError } from '../errors/shadowtune-error.js';

/** kafkajs and registry errors as ShadowtuneErrors; retriable when the cluster may come back. */
export function toKafkaError(error: unknown, action: string): ShadowtuneError {
  if (error instanceof ShadowtuneError) return error;
  const named = error as { name?: string; message?: string; retriable?: boolean; status?: number };
  const message = `${action}: ${named.message ?? String(error)}`;
  if (named.name?.startsWith('KafkaJS')) {
    return new ShadowtuneError('KAFKA_UNAVAILABLE', message, { cause: error, retriable: named.retriable ?? true });
  }
  if (named.status === 409) return new ShadowtuneError('SCHEMA_INCOMPATIBLE', message, { cause: error });
  if (named.status !== undefined && named.status >= 400 && named.status < 500) {
    return new ShadowtuneError('SCHEMA_INCOMPATIBLE', message, { cause: error, retriable: false });
  }
  return new ShadowtuneError('SCHEMA_REGISTRY_UNAVAILABLE', message, { cause: error });
}
