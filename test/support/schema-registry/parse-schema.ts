import avsc, { type Type } from 'avsc';
import { RegistryError } from './registry-error.js';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface ParsedSchema {
  schemaType: SchemaType;
  /** Identity of the schema: same canonical form and references = same global id. */
  canonical: string;
  /** Present for Avro only; compatibility is checked on it. */
  avro: Type | null;
}

/** Looks up a reference's schema text and its own references, throwing a RegistryError if missing. */
export type ReferenceResolver = (ref: SchemaReference) => { schema: string; references: SchemaReference[] };

function defineReferences(refs: readonly SchemaReference[], resolve: ReferenceResolver, registry: Record<string, Type>, seen: Set<string>): void {
  for (const ref of refs) {
    const key = `${ref.subject}/${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = resolve(ref);
    defineReferences(target.references, resolve, registry, seen);
    avsc.Type.forSchema(JSON.parse(target.schema) as avsc.Schema, { registry });
  }
}

/**
 * Validates a schema and derives its identity. Avro goes through avsc (references are parsed
 * first into a shared registry so their named types resolve); the canonical form keeps
 * defaults and docs so that, as with Confluent, a schema differing only there is a new
 * version. JSON schemas are identified by their re-serialised JSON, Protobuf by its trimmed
 * text; neither is compatibility-checked.
 */
export function parseSchema(schema: unknown, schemaType: unknown, references: readonly SchemaReference[], resolve: ReferenceResolver): ParsedSchema {
  if (typeof schema !== 'string' || schema.trim() === '') throw RegistryError.invalidSchema('"schema" must be a non-empty string');
  const type = schemaType ?? 'AVRO';
  const refsKey = references.length > 0 ? JSON.stringify(references.map((r) => [r.name, r.subject, r.version])) : '';
  if (type === 'PROTOBUF') return { schemaType: type, canonical: `${schema.trim()}${refsKey}`, avro: null };
  if (type !== 'AVRO' && type !== 'JSON') throw RegistryError.invalidSchema(`unknown schemaType ${JSON.stringify(type)}`);
  let json: unknown;
  try {
    json = JSON.parse(schema);
  } catch (err) {
    throw RegistryError.invalidSchema(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (type === 'JSON') return { schemaType: type, canonical: `${JSON.stringify(json)}${refsKey}`, avro: null };
  try {
    const registry: Record<string, Type> = {};
    defineReferences(references, resolve, registry, new Set());
    const avro = avsc.Type.forSchema(json as avsc.Schema, { registry });
    return { schemaType: 'AVRO', canonical: `${JSON.stringify(avro.schema({ exportAttrs: true }))}${refsKey}`, avro };
  } catch (err) {
    if (err instanceof RegistryError) throw err;
    throw RegistryError.invalidSchema(err instanceof Error ? err.message : String(err));
  }
}
