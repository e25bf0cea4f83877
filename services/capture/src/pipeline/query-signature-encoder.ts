import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParameterProfile, QuerySignature, SignatureTags } from '@shadowtune/shared/contracts/generated-types';
import { SCHEMA_DIR } from '@shadowtune/shared/contracts/schema-dir';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { hashText32 } from '../util/hash-text-32.js';
import { GenerationalCache } from '../util/generational-cache.js';
import { SeenFilter } from '../util/seen-filter.js';

/**
 * The layout this encoder writes, in the schema's own words (field name and type, nested
 * records inline). Checked against schemas/query.signatures.avsc when the module loads, so
 * that a schema change cannot silently produce bytes of the old layout.
 */
const EXPECTED_LAYOUT = [
  'eventId:string/uuid', 'fingerprint:string', 'normalizedSql:string', 'statementKind:enum', 'relations:array<string>=[]',
  'parsed:boolean', 'flags:array<string>=[]', 'source:enum', 'sourcePosition:null|string=null', 'observedAt:long/timestamp-millis',
  'calls:long=1', 'samplingWeight:double=1', 'durationMs:null|double=null', 'totalDurationMs:null|double=null', 'rows:null|long=null',
  'tags:{database:null|string=null,user:null|string=null,application:null|string=null,client:null|string=null,session:null|string=null,comment:map<string>={}}',
  'parameters:array<{position:int,typeClass:enum,sampleCount:long,topShare:double,distinctEstimate:double}>=[]', 'plan:null|string=null',
].join(';');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function layoutOf(type: Json): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(layoutOf).join('|');
  if (type === null || typeof type !== 'object') return '?';
  const name = type['type'];
  if (name === 'record') {
    const fields = (type['fields'] as Json[]).map((field) => {
      const f = field as { [key: string]: Json };
      const fallback = f['default'];
      return `${String(f['name'])}:${layoutOf(f['type'] ?? null)}${fallback === undefined ? '' : `=${JSON.stringify(fallback)}`}`;
    });
    return `{${fields.join(',')}}`;
  }
  if (name === 'enum') return 'enum';
  if (name === 'array') return `array<${layoutOf(type['items'] ?? null)}>`;
  if (name === 'map') return `map<${layoutOf(type['values'] ?? null)}>`;
  const logical = type['logicalType'];
  return typeof logical === 'string' ? `${layoutOf(name ?? null)}/${logical}` : layoutOf(name ?? null);
}

/** Symbols of every enum in the schema, by enum name. */
function enumsOf(type: Json, out: Map<string, string[]>): Map<string, string[]> {
  if (Array.isArray(type)) for (const item of type) enumsOf(item, out);
  else if (type !== null && typeof type === 'object') {
    if (type['type'] === 'enum') out.set(String(type['name']), type['symbols'] as string[]);
    for (const value of Object.values(type)) enumsOf(value, out);
  }
  return out;
}

const SCHEMA = JSON.parse(readFileSync(join(SCHEMA_DIR, 'query.signatures.avsc'), 'utf8')) as Json;
const LAYOUT = layoutOf(SCHEMA);
if (LAYOUT !== `{${EXPECTED_LAYOUT.replaceAll(';', ',')}}`) {
  throw new ShadowtuneError('INTERNAL', 'schemas/query.signatures.avsc no longer has the layout QuerySignatureEncoder writes: update the encoder with the schema');
}
const ENUMS = enumsOf(SCHEMA, new Map());

/** Symbol → index (a Map: looking a symbol up in a null-prototype object is a dictionary probe). */
function indexOf(name: string): ReadonlyMap<string, number> {
  return new Map((ENUMS.get(name) ?? []).map((symbol, i) => [symbol, i]));
}

const STATEMENT_KIND = indexOf('StatementKind');
const SIGNATURE_SOURCE = indexOf('SignatureSource');
const PARAMETER_TYPE_CLASS = indexOf('ParameterTypeClass');


/** The bytes of fingerprint … parsed, which are the same on every record of one normalized statement. */
interface StatementBlock {
  readonly fingerprint: string;
  readonly statementKind: string;
  readonly parsed: boolean;
  readonly relations: readonly string[];
  readonly bytes: Uint8Array;
}

function invalid(field: string, type: string): never {
  // The value itself is not named: a record may carry text from production.
  throw new ShadowtuneError('ENCODE_FAILED', `record for query.signatures does not match its schema: ${field} is not a valid ${type}`, { context: { topic: 'query.signatures' } });
}

/**
 * UTF-8 of a text of at most 64 bytes as avsc writes it by hand (longer ones it gives to
 * Buffer#utf8Write): a lone surrogate becomes its own 3-byte sequence, not U+FFFD.
 */
function writeShortUtf8(buf: Buffer, pos: number, s: string): void {
  for (let i = 0; i < s.length; i += 1) {
    let c1 = s.charCodeAt(i);
    if (c1 < 0x80) {
      buf[pos++] = c1;
    } else if (c1 < 0x800) {
      buf[pos++] = (c1 >> 6) | 0xc0;
      buf[pos++] = (c1 & 0x3f) | 0x80;
    } else if ((c1 & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c1 = 0x10000 + ((c1 & 0x03ff) << 10) + (s.charCodeAt(i + 1) & 0x03ff);
      i += 1;
      buf[pos++] = (c1 >> 18) | 0xf0;
      buf[pos++] = ((c1 >> 12) & 0x3f) | 0x80;
      buf[pos++] = ((c1 >> 6) & 0x3f) | 0x80;
      buf[pos++] = (c1 & 0x3f) | 0x80;
    } else {
      buf[pos++] = (c1 >> 12) | 0xe0;
      buf[pos++] = ((c1 >> 6) & 0x3f) | 0x80;
      buf[pos++] = (c1 & 0x3f) | 0x80;
    }
  }
}

const NO_KEYS: readonly string[] = Object.freeze([]);

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Avro binary of a query.signatures record, byte for byte what avsc's
 * `Type.forSchema(schemas/query.signatures.avsc)` writes (a test compares them), without
 * avsc's per-type dispatch: capture writes one record per statement it sees. The bytes of
 * fingerprint, normalizedSql, statementKind, relations and parsed are kept per normalized
 * statement (from its second record on) and copied, since they repeat on every record of
 * that statement; they are reused only when all five fields are equal to the cached ones.
 * Invalid values throw ENCODE_FAILED like avsc does (naming the field, never the value).
 */
export class QuerySignatureEncoder {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private readonly blocks: GenerationalCache<string, StatementBlock>;
  private readonly seen: SeenFilter;
  private scratch: Buffer = Buffer.alloc(4096);
  /** A view of the last target buffer, for doubles (one inlined store instead of eight byte stores). */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Buffer | null = null;

  constructor(options: { readonly statementCacheSize?: number } = {}) {
    const size = options.statementCacheSize ?? 4096;
    this.blocks = new GenerationalCache(size);
    this.seen = new SeenFilter(size);
  }

  /**
   * Writes the record into `buffer` at `offset` and returns the offset after it, or (like
   * avsc's `Type#encode`) a negative number, minus the bytes that did not fit.
   */
  encode(record: QuerySignature, buffer: Buffer, offset = 0): number {
    if (buffer !== this.viewOf) {
      this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      this.viewOf = buffer;
    }
    this.buf = buffer;
    this.pos = offset;
    this.writeRecord(record);
    const end = this.pos;
    this.buf = this.scratch;
    return end > buffer.length ? buffer.length - end : end;
  }

  /** The record's Avro binary in a buffer of its own. */
  toBuffer(record: QuerySignature): Buffer {
    for (;;) {
      const end = this.encode(record, this.scratch, 0);
      if (end >= 0) return Buffer.from(this.scratch.subarray(0, end));
      this.scratch = Buffer.alloc(Math.max(this.scratch.length * 2, this.scratch.length - end));
    }
  }

  private writeRecord(r: QuerySignature): void {
    this.writeString(r.eventId, 'eventId');
    this.writeStatementBlock(r);
    this.writeStringArray(r.flags === undefined ? [] : r.flags, 'flags');
    const source = SIGNATURE_SOURCE.get(r.source);
    if (source === undefined) invalid('source', 'SignatureSource');
    this.writeLong(source);
    this.writeNullableString(r.sourcePosition, 'sourcePosition');
    this.writeCheckedLong(r.observedAt, 'observedAt');
    this.writeCheckedLong(r.calls === undefined ? 1 : r.calls, 'calls');
    this.writeCheckedDouble(r.samplingWeight === undefined ? 1 : r.samplingWeight, 'samplingWeight');
    this.writeNullableDouble(r.durationMs, 'durationMs');
    this.writeNullableDouble(r.totalDurationMs, 'totalDurationMs');
    const rows = r.rows;
    if (rows === null || rows === undefined) {
      this.writeByte(0);
    } else {
      this.writeByte(2);
      this.writeCheckedLong(rows, 'rows');
    }
    this.writeTags(r.tags);
    this.writeParameters(r.parameters === undefined ? [] : r.parameters);
    this.writeNullableString(r.plan, 'plan');
  }

  private writeStatementBlock(r: QuerySignature): void {
    const relations = r.relations === undefined ? [] : r.relations;
    const key = r.normalizedSql;
    const cached = typeof key === 'string' ? this.blocks.get(key) : undefined;
    if (cached !== undefined && Array.isArray(relations) && cached.fingerprint === r.fingerprint && cached.statementKind === r.statementKind && cached.parsed === r.parsed && sameStrings(cached.relations, relations)) {
      const bytes = cached.bytes;
      if (this.pos + bytes.length <= this.buf.length) this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
      return;
    }
    const start = this.pos;
    this.writeString(r.fingerprint, 'fingerprint');
    this.writeString(key, 'normalizedSql');
    const kind = STATEMENT_KIND.get(r.statementKind);
    if (kind === undefined) invalid('statementKind', 'StatementKind');
    this.writeLong(kind);
    this.writeStringArray(relations, 'relations');
    if (typeof r.parsed !== 'boolean') invalid('parsed', 'boolean');
    this.writeByte(r.parsed ? 1 : 0);
    // A statement seen once is not kept (most statements of an ad-hoc workload never come back).
    if (this.pos <= this.buf.length && this.seen.checkAndAdd(hashText32(key))) {
      this.blocks.set(key, { fingerprint: r.fingerprint, statementKind: r.statementKind, parsed: r.parsed, relations: [...relations], bytes: new Uint8Array(this.buf.subarray(start, this.pos)) });
    }
  }

  private writeTags(tags: SignatureTags): void {
    if (tags === null || typeof tags !== 'object') invalid('tags', 'SignatureTags');
    this.writeNullableString(tags.database, 'tags.database');
    this.writeNullableString(tags.user, 'tags.user');
    this.writeNullableString(tags.application, 'tags.application');
    this.writeNullableString(tags.client, 'tags.client');
    this.writeNullableString(tags.session, 'tags.session');
    const comment = tags.comment === undefined ? {} : tags.comment;
    if (comment === null || typeof comment !== 'object' || Array.isArray(comment)) invalid('tags.comment', 'map');
    // Most records have no comment tags: no key array for them.
    const keys = isEmpty(comment) ? NO_KEYS : Object.keys(comment);
    if (keys.length > 0) {
      this.writeLong(keys.length);
      for (const key of keys) {
        this.writeString(key, 'tags.comment');
        this.writeString(comment[key] as string, 'tags.comment');
      }
    }
    this.writeByte(0);
  }

  private writeParameters(parameters: readonly ParameterProfile[]): void {
    if (!Array.isArray(parameters)) invalid('parameters', 'array');
    const n = parameters.length;
    if (n > 0) {
      this.writeLong(n);
      for (let i = 0; i < n; i += 1) {
        const p = parameters[i]!;
        if (p === null || typeof p !== 'object') invalid('parameters', 'ParameterProfile');
        const position = p.position;
        if (position !== (position | 0)) invalid('parameters.position', 'int');
        this.writeLong(position);
        const typeClass = PARAMETER_TYPE_CLASS.get(p.typeClass);
        if (typeClass === undefined) invalid('parameters.typeClass', 'ParameterTypeClass');
        this.writeLong(typeClass);
        this.writeCheckedLong(p.sampleCount, 'parameters.sampleCount');
        this.writeCheckedDouble(p.topShare, 'parameters.topShare');
        this.writeCheckedDouble(p.distinctEstimate, 'parameters.distinctEstimate');
      }
    }
    this.writeByte(0);
  }

  private writeStringArray(items: readonly string[], field: string): void {
    if (!Array.isArray(items)) invalid(field, 'array');
    const n = items.length;
    if (n > 0) {
      this.writeLong(n);
      for (let i = 0; i < n; i += 1) this.writeString(items[i]!, field);
    }
    this.writeByte(0);
  }

  private writeByte(byte: number): void {
    // Past the end the write is dropped (typed array) and only the position moves: encode reports the shortfall.
    this.buf[this.pos] = byte;
    this.pos += 1;
  }

  private writeNullableString(value: string | null | undefined, field: string): void {
    if (value === null || value === undefined) {
      this.writeByte(0);
      return;
    }
    this.writeByte(2);
    this.writeString(value, field);
  }

  private writeNullableDouble(value: number | null | undefined, field: string): void {
    if (value === null || value === undefined) {
      this.writeByte(0);
      return;
    }
    this.writeByte(2);
    this.writeCheckedDouble(value, field);
  }

  /** Length-prefixed UTF-8; short ASCII text is copied character by character (no native call). */
  private writeString(s: string, field: string): void {
    if (typeof s !== 'string') invalid(field, 'string');
    const n = s.length;
    const buf = this.buf;
    if (n < 64) {
      // Optimistically ASCII: then the length is one varint byte (2n < 128).
      let p = this.pos + 1;
      let i = 0;
      for (; i < n; i += 1) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p] = c;
        p += 1;
      }
      if (i === n) {
        buf[this.pos] = n << 1;
        this.pos = p;
        return;
      }
    }
    const length = Buffer.byteLength(s, 'utf8');
    this.writeLong(length);
    if (length > 64) {
      if (this.pos + length <= buf.length) buf.write(s, this.pos, length, 'utf8');
    } else {
      writeShortUtf8(buf, this.pos, s);
    }
    this.pos += length;
  }

  private writeCheckedLong(n: number, field: string): void {
    // avsc's bounds of a safe long.
    if (typeof n !== 'number' || n % 1 !== 0 || !(n >= -9007199254740990 && n <= 9007199254740990)) invalid(field, 'long');
    this.writeLong(n);
  }

  /** Zig-zag varint, in avsc's arithmetic (integer for small values, floating point beyond 2^30). */
  private writeLong(n: number): void {
    const buf = this.buf;
    let pos = this.pos;
    if (n >= -1073741824 && n < 1073741824) {
      let m = n >= 0 ? n << 1 : (~n << 1) | 1;
      while (m > 0x7f) {
        buf[pos] = (m & 0x7f) | 0x80;
        pos += 1;
        m >>= 7;
      }
      buf[pos] = m;
    } else {
      // The zig-zag value (below 2^54, exact in a double) as two 32-bit halves, shifted 7 bits at a time.
      const f = n >= 0 ? n * 2 : -n * 2 - 1;
      let high = Math.floor(f / 4294967296);
      let low = (f - high * 4294967296) >>> 0;
      while (high > 0 || low > 0x7f) {
        buf[pos] = (low & 0x7f) | 0x80;
        pos += 1;
        low = ((low >>> 7) | (high << 25)) >>> 0;
        high >>>= 7;
      }
      buf[pos] = low;
    }
    this.pos = pos + 1;
  }

  private writeCheckedDouble(d: number, field: string): void {
    if (typeof d !== 'number') invalid(field, 'double');
    const pos = this.pos;
    // Past the end nothing is written (encode reports the shortfall).
    if (pos + 8 <= this.buf.length) this.view.setFloat64(pos, d, true);
    this.pos = pos + 8;
  }
}
