import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorCode } from '@shadowtune/shared/errors/error-codes';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';

/** One field a request got wrong: where (`body/initialSchema/tables/0/name`) and what. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  USAGE_INVALID: 400,
  IDENTIFIER_INVALID: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DB_UNAVAILABLE: 503,
  KAFKA_UNAVAILABLE: 503,
  SCHEMA_REGISTRY_UNAVAILABLE: 503,
  BUS_CLOSED: 503,
  DB_LOCK_TIMEOUT: 503,
  DB_SERIALIZATION_FAILURE: 503,
};

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

function fieldsOfValidation(part: string, errors: readonly AjvError[]): FieldError[] {
  return errors.map((error) => {
    let path = error.instancePath;
    if (error.keyword === 'required') path += `/${String(error.params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') path += `/${String(error.params.additionalProperty)}`;
    const message = error.keyword === 'additionalProperties' ? 'is not an allowed property' : (error.message ?? 'is invalid');
    return { path: `${part}${path}`, message };
  });
}

/**
 * Every error leaves the API as `{ error: { code, message, fields? } }` with a status
 * from its code. Validation errors name each field (`body/initialSchema/tables/0/columns/1/type`);
 * a persona's semantic issues come as fields too. Messages of ShadowtuneErrors never
 * hold SQL; anything unexpected is logged and answered as INTERNAL without details.
 */
export function installErrorHandling(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError | ShadowtuneError, _request, reply) => {
    const validation = (error as FastifyError).validation as readonly AjvError[] | undefined;
    if (validation) {
      const part = (error as FastifyError).validationContext ?? 'body';
      const fields = fieldsOfValidation(part, validation);
      return reply.status(400).send({
        error: { code: 'INPUT_INVALID', message: fields.map((f) => `${f.path} ${f.message}`).join('; '), fields },
      });
    }
    if (error instanceof ShadowtuneError) {
      const status = STATUS[error.code] ?? 500;
      if (status >= 500) logger.error({ err: error }, 'request failed');
      const issues = (error as ShadowtuneError & { issues?: readonly { path: string; message: string }[] }).issues;
      const field = typeof error.context.field === 'string' ? error.context.field : undefined;
      const fields: FieldError[] | undefined = issues
        ? issues.map((issue) => ({ path: `body${issue.path === '/' ? '' : issue.path}`, message: issue.message }))
        : field !== undefined
          ? [{ path: field.startsWith('/') ? `body${field}` : field, message: error.message }]
          : undefined;
      return reply.status(status).send({ error: { code: error.code, message: error.message, ...(fields ? { fields } : {}) } });
    }
    const statusCode = (error as FastifyError).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
      return reply.status(statusCode).send({ error: { code: 'INPUT_INVALID', message: error.message } });
    }
    logger.error({ err: error }, 'unexpected error in request');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
