import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from './compatibility-level.js';
import { RegistryError } from './registry-error.js';
import type { RegistryStore, SchemaInput, StoredSchema, VersionView } from './registry-store.js';

export interface RegistryRequest {
  method: string;
  /** Path segments, already URL-decoded. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface RegistryResponse {
  status: number;
  body: unknown;
}

function schemaInput(body: unknown): SchemaInput {
  if (typeof body !== 'object' || body === null) throw RegistryError.invalidSchema('request body must be a JSON object');
  return body as SchemaInput;
}

function compatibilityFrom(body: unknown): CompatibilityLevel {
  const level = typeof body === 'object' && body !== null ? (body as { compatibility?: unknown }).compatibility : undefined;
  const upper = typeof level === 'string' ? level.toUpperCase() : level;
  if (!COMPATIBILITY_LEVELS.includes(upper as CompatibilityLevel)) throw RegistryError.invalidCompatibilityLevel(level);
  return upper as CompatibilityLevel;
}

/** Confluent omits schemaType for Avro and references when there are none. */
function schemaFields(s: Pick<StoredSchema, 'schema' | 'schemaType' | 'references'>): Record<string, unknown> {
  return {
    schema: s.schema,
    ...(s.schemaType !== 'AVRO' && { schemaType: s.schemaType }),
    ...(s.references.length > 0 && { references: s.references }),
  };
}

function versionBody(v: VersionView): Record<string, unknown> {
  return { subject: v.subject, version: v.version, id: v.id, ...schemaFields(v) };
}

function parseId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw RegistryError.schemaNotFound(`Schema ${raw} not found`);
  return id;
}

const ok = (body: unknown): RegistryResponse => ({ status: 200, body });

/**
 * The Schema Registry REST surface used by @kafkajs/confluent-schema-registry, plus the
 * usual extras (versions list, deletes, global config, schema lookups by id).
 */
export function routeRegistryRequest(store: RegistryStore, { method, segments, query, body }: RegistryRequest): RegistryResponse {
  const [a, b, c, d, e] = segments;
  const n = segments.length;

  if (a === 'config') {
    if (n === 1 && method === 'GET') return ok({ compatibilityLevel: store.globalCompatibility() });
    if (n === 1 && method === 'PUT') {
      const level = compatibilityFrom(body);
      store.setGlobalCompatibility(level);
      return ok({ compatibility: level });
    }
    if (n === 2 && b !== undefined) {
      if (method === 'GET') {
        const level = store.subjectCompatibility(b) ?? (query.get('defaultToGlobal') === 'true' ? store.globalCompatibility() : null);
        if (level === null) throw RegistryError.subjectConfigNotFound(b);
        return ok({ compatibilityLevel: level });
      }
      if (method === 'PUT') {
        const level = compatibilityFrom(body);
        store.setSubjectCompatibility(b, level);
        return ok({ compatibility: level });
      }
      if (method === 'DELETE') return ok({ compatibilityLevel: store.deleteSubjectCompatibility(b) });
    }
  }

  if (a === 'schemas') {
    if (n === 1 && method === 'GET') return ok([]); // listing every schema is not needed by any client here
    if (b === 'types' && n === 2 && method === 'GET') return ok(['AVRO', 'JSON', 'PROTOBUF']);
    if (b === 'ids' && c !== undefined && method === 'GET') {
      const schema = store.schemaById(parseId(c));
      if (n === 3) return ok(schemaFields(schema));
      if (n === 4 && d === 'schema') return ok(schema.schema);
      if (n === 4 && d === 'versions') return ok(store.subjectVersionsForId(schema.id));
      if (n === 4 && d === 'subjects') return ok([...new Set(store.subjectVersionsForId(schema.id).map((v) => v.subject))]);
    }
  }

  if (a === 'subjects') {
    if (n === 1 && method === 'GET') return ok(store.subjectNames());
    if (b !== undefined) {
      if (n === 2 && method === 'POST') return ok(versionBody(store.lookup(b, schemaInput(body))));
      if (n === 2 && method === 'DELETE') return ok(store.deleteSubject(b, query.get('permanent') === 'true'));
      if (c === 'versions') {
        if (n === 3 && method === 'GET') return ok(store.versions(b));
        if (n === 3 && method === 'POST') return ok(store.register(b, schemaInput(body)));
        if (d !== undefined && n === 4 && method === 'GET') return ok(versionBody(store.version(b, d)));
        if (d !== undefined && n === 4 && method === 'DELETE') return ok(store.deleteVersion(b, d));
        if (d !== undefined && n === 5 && e === 'schema' && method === 'GET') return ok(store.version(b, d).schema);
      }
    }
  }

  if (a === 'compatibility' && b === 'subjects' && c !== undefined && d === 'versions' && method === 'POST') {
    if (n === 4) return ok({ is_compatible: store.isCompatible(c, null, schemaInput(body)) });
    if (n === 5 && e !== undefined) return ok({ is_compatible: store.isCompatible(c, e, schemaInput(body)) });
  }

  if (n === 0 && method === 'GET') return ok({});
  throw new RegistryError(404, 404, `HTTP 404 Not Found: ${method} /${segments.join('/')}`);
}
