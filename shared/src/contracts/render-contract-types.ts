import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON value of an Avro schema document. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface RenderState {
  readonly declarations: string[];
  readonly declared: Set<string>;
}

const PRIMITIVES: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  string: 'string',
  bytes: 'Buffer',
};

function shortName(name: string): string {
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
}

function docComment(doc: Json | undefined, indent: string): string {
  if (typeof doc !== 'string') return '';
  return `${indent}/** ${doc.replace(/\*\//g, '* /')} */\n`;
}

function renderType(schema: Json, state: RenderState): string {
  if (typeof schema === 'string') return PRIMITIVES[schema] ?? shortName(schema);
  if (Array.isArray(schema)) return schema.map((s) => renderType(s, state)).join(' | ');
  if (schema === null || typeof schema !== 'object') throw new Error(`unsupported schema node ${JSON.stringify(schema)}`);
  const type = schema.type;
  // Logical types keep their underlying representation: timestamp-millis is epoch milliseconds.
  if (typeof type === 'string' && type in PRIMITIVES) return PRIMITIVES[type]!;
  if (type === 'array') return `readonly (${renderType(schema.items!, state)})[]`;
  if (type === 'map') return `Readonly<Record<string, ${renderType(schema.values!, state)}>>`;
  if (type === 'fixed') return 'Buffer';
  const name = shortName(String(schema.name));
  if (state.declared.has(name)) return name;
  state.declared.add(name);
  if (type === 'enum') {
    const symbols = (schema.symbols as string[]).map((s) => `'${s}'`).join(' | ');
    state.declarations.push(`${docComment(schema.doc, '')}export type ${name} = ${symbols};\n`);
    return name;
  }
  if (type === 'record') {
    const fields = (schema.fields as { [k: string]: Json }[]).map((field) => {
      const rendered = renderType(field.type!, state);
      return `${docComment(field.doc, '  ')}  readonly ${String(field.name)}: ${rendered};\n`;
    });
    state.declarations.push(`${docComment(schema.doc, '')}export interface ${name} {\n${fields.join('')}}\n`);
    return name;
  }
  throw new Error(`unsupported Avro type ${JSON.stringify(type)}`);
}

/** The topic a schema file describes: its file name without `.avsc`. */
export function topicOfSchemaFile(file: string): string {
  return file.replace(/\.avsc$/, '');
}

/**
 * Renders the TypeScript types of every `.avsc` in `schemaDir`, plus the topic → record map.
 * The output is committed as generated-types.ts; a test fails when it is stale.
 */
export function renderContractTypes(schemaDir: string): string {
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.avsc')).sort();
  const state: RenderState = { declarations: [], declared: new Set() };
  const topics: string[] = [];
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as Json;
    const root = renderType(schema, state);
    topics.push(`  readonly '${topicOfSchemaFile(file)}': ${root};\n`);
  }
  const topicNames = files.map((f) => `'${topicOfSchemaFile(f)}'`).join(', ');
  return [
    '// Generated from schemas/*.avsc by `npm run generate`. Do not edit by hand.\n',
    '// timestamp-millis fields are epoch milliseconds; uuid fields are strings.\n\n',
    ...state.declarations.map((d) => `${d}\n`),
    '/** The record type carried by each topic. */\n',
    `export interface TopicRecords {\n${topics.join('')}}\n\n`,
    '/** Every topic with a schema. */\n',
    `export const TOPIC_NAMES = [${topicNames}] as const;\n\n`,
    'export type TopicName = (typeof TOPIC_NAMES)[number];\n',
  ].join('');
}
