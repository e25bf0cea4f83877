const CANONICAL: Readonly<Record<string, string>> = {
  int2: 'smallint',
  smallint: 'smallint',
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  int8: 'bigint',
  bigint: 'bigint',
  numeric: 'numeric',
  decimal: 'numeric',
  float4: 'real',
  real: 'real',
  float8: 'double precision',
  'double precision': 'double precision',
  text: 'text',
  varchar: 'text',
  'character varying': 'text',
  bpchar: 'text',
  character: 'text',
  bool: 'boolean',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  time: 'time',
  'time without time zone': 'time',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
};

/**
 * One name per built-in type, whatever spelling the parser (`int4`), format_type()
 * (`character varying(80)`, `timestamp with time zone`) or a user (`int`) used, so casts
 * can be compared with column types. Modifiers and unknown types are kept as they are.
 */
export function canonicalTypeName(name: string): string {
  const base = name.toLowerCase().replace(/\(.*\)$/, '').trim();
  return CANONICAL[base] ?? base;
}
