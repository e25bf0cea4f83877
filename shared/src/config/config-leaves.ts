import { z } from 'zod';
import { configSchema } from './config-schema.js';

/** One settable key of the configuration, as documented in the README. */
export interface ConfigLeaf {
  readonly path: readonly string[];
  readonly type: string;
  readonly defaultValue: unknown;
  readonly description: string;
  /** JSON Schema of the leaf (for its constraints). */
  readonly schema: Readonly<Record<string, unknown>>;
}

type JsonSchema = { [key: string]: unknown };

function describeType(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(describeType).join(' or ');
  const range: string[] = [];
  if (schema.minimum !== undefined) range.push(`≥ ${String(schema.minimum)}`);
  if (schema.exclusiveMinimum !== undefined) range.push(`> ${String(schema.exclusiveMinimum)}`);
  if (schema.maximum !== undefined && schema.maximum !== Number.MAX_SAFE_INTEGER) range.push(`≤ ${String(schema.maximum)}`);
  const base = schema.type === 'array' ? `list of ${describeType((schema.items as JsonSchema) ?? {})}` : String(schema.type ?? 'value');
  return range.length > 0 ? `${base} (${range.join(', ')})` : base;
}

function walk(schema: JsonSchema, path: string[], out: ConfigLeaf[]): void {
  if (schema.type === 'object' && schema.properties !== undefined) {
    for (const [key, child] of Object.entries(schema.properties as Record<string, JsonSchema>)) walk(child, [...path, key], out);
    return;
  }
  out.push({
    path,
    type: describeType(schema),
    defaultValue: schema.default,
    description: typeof schema.description === 'string' ? schema.description : '',
    schema,
  });
}

/** Every leaf key of the config schema, in schema order. */
export function configLeaves(): ConfigLeaf[] {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out: ConfigLeaf[] = [];
  walk(json, [], out);
  return out;
}
