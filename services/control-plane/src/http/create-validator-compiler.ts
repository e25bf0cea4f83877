import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/**
 * Request validation. Bodies are validated strictly: no type coercion (a "5" is not a
 * number), unknown properties are errors (not silently dropped) and every error is
 * reported. Query strings and path parameters arrive as text, so they are coerced.
 * `sharedSchemas` are the schemas routes reference by `$id`.
 */
export function createValidatorCompiler(sharedSchemas: readonly Record<string, unknown>[]): FastifySchemaCompiler<FastifySchema> {
  const common = { allErrors: true, strict: false, useDefaults: true } as const;
  const bodies = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  const parameters = new Ajv({ ...common, coerceTypes: 'array', removeAdditional: false });
  addFormats(bodies);
  addFormats(parameters);
  // A custom compiler does not see app.addSchema: the shared schemas ($ref targets) are added here.
  for (const schema of sharedSchemas) {
    bodies.addSchema(schema);
    parameters.addSchema(schema);
  }
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodies : parameters;
    const validate: ValidateFunction = ajv.compile(schema as object);
    return validate;
  };
}
