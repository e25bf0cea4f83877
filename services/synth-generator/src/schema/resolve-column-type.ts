import type { ColumnModel, DomainModel, EnumModel, SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { ResolvedType } from './resolved-type.js';

/** format_type() spellings → internal names. */
const FORMATTED_NAMES: Readonly<Record<string, string>> = {
  smallint: 'int2', integer: 'int4', bigint: 'int8', real: 'float4', 'double precision': 'float8', numeric: 'numeric',
  'character varying': 'varchar', character: 'bpchar', text: 'text', boolean: 'bool', date: 'date',
  'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time', 'time with time zone': 'timetz', interval: 'interval', uuid: 'uuid', json: 'json',
  jsonb: 'jsonb', bytea: 'bytea', inet: 'inet', cidr: 'cidr', macaddr: 'macaddr', macaddr8: 'macaddr8', money: 'money',
  bit: 'bit', 'bit varying': 'varbit', '"char"': 'char', name: 'name', citext: 'citext', xml: 'xml', tsvector: 'tsvector',
  point: 'point', int4range: 'int4range', int8range: 'int8range', numrange: 'numrange', daterange: 'daterange',
  tsrange: 'tsrange', tstzrange: 'tstzrange', oid: 'oid',
};

const CATEGORIES: Readonly<Record<string, string>> = {
  int2: 'N', int4: 'N', int8: 'N', numeric: 'N', float4: 'N', float8: 'N', money: 'N', oid: 'N',
  text: 'S', varchar: 'S', bpchar: 'S', name: 'S', citext: 'S', char: 'Z',
  bool: 'B', date: 'D', timestamp: 'D', timestamptz: 'D', time: 'D', timetz: 'D', interval: 'T',
  uuid: 'U', json: 'U', jsonb: 'U', bytea: 'U', xml: 'U', tsvector: 'U', macaddr: 'U', macaddr8: 'U',
  inet: 'I', cidr: 'I', bit: 'V', varbit: 'V', point: 'G',
  int4range: 'R', int8range: 'R', numrange: 'R', daterange: 'R', tsrange: 'R', tstzrange: 'R',
};

interface ParsedTypeText {
  readonly schema: string | null;
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly isArray: boolean;
}

function unquote(part: string): string {
  return part.startsWith('"') && part.endsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part;
}

/** Splits `schema.name` on the dot outside double quotes. */
function splitQualified(text: string): [string | null, string] {
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === '.' && !inQuotes) return [unquote(text.slice(0, i)), unquote(text.slice(i + 1))];
  }
  return [null, unquote(text)];
}

/** Reads a format_type() text: `numeric(12,2)`, `timestamp(3) with time zone`, `public.mood[]`. */
export function parseFormattedType(text: string): ParsedTypeText {
  let rest = text.trim();
  let isArray = false;
  while (rest.endsWith('[]')) {
    isArray = true;
    rest = rest.slice(0, -2).trimEnd();
  }
  const modifiers: number[] = [];
  rest = rest.replace(/\(([\d\s,]+)\)/, (_m, inner: string) => {
    for (const part of inner.split(',')) modifiers.push(Number(part.trim()));
    return '';
  }).replace(/\s+/g, ' ').trim();
  const known = FORMATTED_NAMES[rest];
  if (known !== undefined) return { schema: null, name: known, modifiers, isArray };
  const [schema, name] = splitQualified(rest);
  return { schema, name: FORMATTED_NAMES[name] ?? name, modifiers, isArray };
}

function findNamed<T extends { readonly schema: string; readonly name: string }>(items: readonly T[], schema: string | null, name: string): T | undefined {
  return items.find((i) => i.name === name && (schema === null || i.schema === schema)) ?? items.find((i) => i.name === name);
}

function fromParsed(parsed: ParsedTypeText, model: SchemaModel, depth: number): ResolvedType {
  const enumModel: EnumModel | undefined = findNamed(model.enums, parsed.schema, parsed.name);
  if (enumModel !== undefined && !(parsed.name in CATEGORIES)) {
    return { typeName: 'enum', category: 'E', isArray: parsed.isArray, maxLength: null, precision: null, scale: null, enumLabels: enumModel.labels, domainChecks: [], domainNotNull: false };
  }
  const domain: DomainModel | undefined = findNamed(model.domains, parsed.schema, parsed.name);
  if (domain !== undefined && depth < 8 && !(parsed.name in CATEGORIES)) {
    const base = fromParsed(parseFormattedType(domain.baseType), model, depth + 1);
    return {
      ...base,
      isArray: parsed.isArray || base.isArray,
      domainChecks: [...base.domainChecks, ...domain.checks],
      domainNotNull: base.domainNotNull || domain.notNull,
    };
  }
  const name = parsed.name;
  const [first, second] = parsed.modifiers;
  const lengthTyped = name === 'varchar' || name === 'bpchar' || name === 'bit' || name === 'varbit';
  return {
    typeName: name,
    category: CATEGORIES[name] ?? 'X',
    isArray: parsed.isArray,
    // An unmodified bpchar is character(1).
    maxLength: lengthTyped ? first ?? (name === 'bpchar' || name === 'bit' ? 1 : null) : null,
    precision: name === 'numeric' ? first ?? null : null,
    scale: name === 'numeric' ? second ?? (first !== undefined ? 0 : null) : null,
    enumLabels: null,
    domainChecks: [],
    domainNotNull: false,
  };
}

/**
 * Resolves a column's type through enums and domains (a domain over a domain included) to
 * a base type the generator knows, keeping the domains' CHECKs and NOT NULL.
 */
export function resolveColumnType(column: ColumnModel, model: SchemaModel): ResolvedType {
  const parsed = parseFormattedType(column.dataType);
  const resolved = fromParsed(parsed, model, 0);
  if (resolved.category !== 'X') return resolved;
  // format_type gave a name we do not map; fall back on the catalog's own fields.
  const byTypeName = CATEGORIES[column.typeName] !== undefined ? column.typeName : null;
  if (byTypeName !== null) {
    return { ...resolved, typeName: byTypeName, category: CATEGORIES[byTypeName] ?? 'X', maxLength: column.maxLength, precision: column.numericPrecision, scale: column.numericScale };
  }
  return { ...resolved, category: column.typeCategory };
}
