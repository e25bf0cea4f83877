import type { StatementKind } from '@shadowtune/shared/contracts/generated-types';

/** What capture reads from a statement's parse tree. */
export interface ParseTreeFacts {
  readonly statementKind: StatementKind;
  /** Relations as written (schema.table when qualified), first appearance first, without CTE names. */
  readonly relations: readonly string[];
  /**
   * 16 hex digits hashing the tree's structure: every node type, field and name, without
   * source locations, with each constant and bind parameter as one marker, each list made
   * only of them as another, and repeated VALUES rows of one shape as one row. Equal for
   * statements that differ only in constants; different for other schema names, operators,
   * expression kinds, LIMIT against OFFSET, join types, sort directions.
   */
  readonly structureHash: string;
}

const DML_KINDS: Readonly<Record<string, StatementKind>> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

const DDL_NODES = new Set([
  'IndexStmt', 'ViewStmt', 'RenameStmt', 'CommentStmt', 'GrantStmt', 'GrantRoleStmt', 'TruncateStmt', 'RuleStmt',
  'CompositeTypeStmt', 'DefineStmt', 'SecLabelStmt', 'ReassignOwnedStmt', 'ImportForeignSchemaStmt',
]);

const UTILITY_NODES = new Set([
  'TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'ExplainStmt', 'CopyStmt', 'VacuumStmt', 'LockStmt',
  'CheckPointStmt', 'DiscardStmt', 'ListenStmt', 'NotifyStmt', 'UnlistenStmt', 'PrepareStmt', 'ExecuteStmt',
  'DeallocateStmt', 'DeclareCursorStmt', 'FetchStmt', 'ClosePortalStmt', 'DoStmt', 'CallStmt', 'ReindexStmt',
  'ClusterStmt', 'LoadStmt', 'ConstraintsSetStmt', 'RefreshMatViewStmt', 'ReturnStmt',
]);

function kindOfNode(nodeType: string | null): StatementKind {
  if (nodeType === null) return 'OTHER';
  const dml = DML_KINDS[nodeType];
  if (dml !== undefined) return dml;
  if (nodeType.startsWith('Create') || nodeType.startsWith('Alter') || nodeType.startsWith('Drop') || DDL_NODES.has(nodeType)) return 'DDL';
  if (UTILITY_NODES.has(nodeType)) return 'UTILITY';
  return 'OTHER';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// Markers fed into the hash for what is not a name.
const OPEN_OBJECT = 1;
const CLOSE_OBJECT = 2;
const OPEN_ARRAY = 3;
const CLOSE_ARRAY = 4;
const CONSTANT = 5;
const CONSTANT_LIST = 6;
const NULL_CONSTANT = 7;
const SCALAR = 8;
const KEY = 9;
const STRING = 10;

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

// Keys and key prefixes the scanner reacts to, as bytes (libpg-query writes compact JSON).
const POSITION_KEYS = ['location', 'stmt_location', 'stmt_len', 'list_start', 'list_end', 'rexpr_list_start', 'rexpr_list_end', 'name_location'].map(ascii);
const RELNAME = ascii('relname');
const SCHEMANAME = ascii('schemaname');
const CATALOGNAME = ascii('catalogname');
const CTENAME = ascii('ctename');
const VALUES_LISTS = ascii('valuesLists');
const STMTS = ascii('stmts');
const A_CONST = ascii('{"A_Const":');
const A_CONST_NULL = ascii('{"A_Const":{"isnull":true');
const PARAM_REF = ascii('{"ParamRef":');
const TYPE_CAST_ARG = ascii('{"TypeCast":{"arg":');
const FIRST_STATEMENT = ascii('"stmt":{"');

const decoder = new TextDecoder();

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * One pass over libpg-query's JSON parse tree, as bytes (straight from the parser's
 * memory: no string, no object tree). Hashes the structure into two 32-bit lanes and
 * collects relation and CTE names.
 */
class Scanner {
  private i = 0;
  private h1 = 0;
  private h2 = 0;
  readonly relations: Array<{ schema: string | null; name: string; qualified: string }> = [];
  readonly cteNames = new Set<string>();

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.i = start;
  }

  run(): ParseTreeFacts {
    this.h1 = 0x9e3779b9;
    this.h2 = 0x7f4a7c15;
    const statementKind = kindOfNode(this.firstStatementType());
    // The top level is {"version": N, "stmts": [...]}: only the statements are structure.
    this.expect(OPEN_BRACE);
    while (this.bytes[this.i] !== CLOSE_BRACE && this.i < this.end) {
      const keyStart = this.i + 1;
      const keyEnd = this.skipString();
      this.expect(COLON);
      if (this.keyIs(keyStart, keyEnd, STMTS)) this.value(null);
      else this.skipValue();
      if (this.bytes[this.i] === COMMA) this.i += 1;
    }
    const high = fmix(this.h1 ^ Math.imul(this.h2, 0x27d4eb2f));
    const low = fmix(this.h2 ^ Math.imul(high, 0x165667b1));
    const seen = new Set<string>();
    const relations: string[] = [];
    for (const relation of this.relations) {
      if (relation.schema === null && this.cteNames.has(relation.name)) continue;
      if (seen.has(relation.qualified)) continue;
      seen.add(relation.qualified);
      relations.push(relation.qualified);
    }
    return { statementKind, relations, structureHash: high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0') };
  }

  private firstStatementType(): string | null {
    const at = indexOfBytes(this.bytes, FIRST_STATEMENT, this.i, this.end);
    if (at < 0) return null;
    const start = at + FIRST_STATEMENT.length;
    const close = this.bytes.indexOf(QUOTE, start);
    return close < 0 || close > this.end ? null : decoder.decode(this.bytes.subarray(start, close));
  }

  private code(value: number): void {
    this.h1 = Math.imul(this.h1 ^ value, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ value, 0x5bd1e995);
  }

  private hashBytes(start: number, end: number): void {
    const bytes = this.bytes;
    let h1 = this.h1;
    let h2 = this.h2;
    for (let k = start; k < end; k += 1) {
      const c = bytes[k]!;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    // Length-terminated, so that adjacent texts cannot run together.
    this.h1 = Math.imul(h1 ^ (end - start + 0x10000), 0x01000193);
    this.h2 = Math.imul(h2 ^ (end - start + 0x10000), 0x5bd1e995);
  }

  private expect(byte: number): void {
    if (this.bytes[this.i] !== byte) throw new Error(`parse tree JSON: expected ${String.fromCharCode(byte)} at ${this.i}`);
    this.i += 1;
  }

  /** Source positions are not structure. Keys are compared by length first: every node has a "location". */
  private isPositionKey(start: number, end: number): boolean {
    const length = end - start;
    if (length !== 8 && length !== 10 && length !== 13 && length !== 14 && length !== 16) return false;
    for (const key of POSITION_KEYS) if (key.length === length && this.keyIs(start, end, key)) return true;
    return false;
  }

  private keyIs(start: number, end: number, key: Uint8Array): boolean {
    if (end - start !== key.length) return false;
    for (let k = 0; k < key.length; k += 1) if (this.bytes[start + k] !== key[k]) return false;
    return true;
  }

  private startsWith(at: number, prefix: Uint8Array): boolean {
    if (at + prefix.length > this.end) return false;
    for (let k = 0; k < prefix.length; k += 1) if (this.bytes[at + k] !== prefix[k]) return false;
    return true;
  }

  /** At a '"': moves past the string; returns the end of its content. */
  private skipString(): number {
    const bytes = this.bytes;
    let k = this.i + 1;
    for (;;) {
      const c = bytes[k];
      if (c === QUOTE) break;
      k += c === BACKSLASH ? 2 : 1;
      if (k >= this.end) throw new Error('parse tree JSON: unterminated string');
    }
    this.i = k + 1;
    return k;
  }

  /** Moves past any value. */
  private skipValue(): void {
    const bytes = this.bytes;
    const c = bytes[this.i];
    if (c === QUOTE) {
      this.skipString();
      return;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      while (this.i < this.end) {
        const b = bytes[this.i]!;
        if (b === QUOTE) {
          this.skipString();
          continue;
        }
        if (b === OPEN_BRACE || b === OPEN_BRACKET) depth += 1;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth -= 1;
          if (depth === 0) {
            this.i += 1;
            return;
          }
        }
        this.i += 1;
      }
      throw new Error('parse tree JSON: unbalanced');
    }
    while (this.i < this.end) {
      const b = bytes[this.i];
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET) return;
      this.i += 1;
    }
  }

  /** The end of the element at `at` when it is a constant (not NULL), a parameter or a cast of one; -1 otherwise. */
  private constantEnd(at: number): number {
    const saved = this.i;
    let end = -1;
    if ((this.startsWith(at, A_CONST) && !this.startsWith(at, A_CONST_NULL)) || this.startsWith(at, PARAM_REF)) {
      this.i = at;
      this.skipValue();
      end = this.i;
    } else if (this.startsWith(at, TYPE_CAST_ARG) && this.constantEnd(at + TYPE_CAST_ARG.length) >= 0) {
      this.i = at;
      this.skipValue();
      end = this.i;
    }
    this.i = saved;
    return end;
  }

  private value(key: Uint8Array | null): void {
    const c = this.bytes[this.i];
    if (c === OPEN_BRACE) return this.object();
    if (c === OPEN_BRACKET) return this.array(key);
    if (c === QUOTE) {
      const start = this.i + 1;
      const end = this.skipString();
      this.code(STRING);
      return this.hashBytes(start, end);
    }
    const start = this.i;
    this.skipValue();
    this.code(SCALAR);
    this.hashBytes(start, this.i);
  }

  private object(): void {
    if (this.startsWith(this.i, A_CONST)) {
      const isNull = this.startsWith(this.i, A_CONST_NULL);
      this.skipValue();
      return this.code(isNull ? NULL_CONSTANT : CONSTANT);
    }
    if (this.startsWith(this.i, PARAM_REF)) {
      this.skipValue();
      return this.code(CONSTANT);
    }
    const bytes = this.bytes;
    this.i += 1;
    this.code(OPEN_OBJECT);
    let relname: string | null = null;
    let schema: string | null = null;
    let catalog: string | null = null;
    while (this.i < this.end && bytes[this.i] !== CLOSE_BRACE) {
      const keyStart = this.i + 1;
      const keyEnd = this.skipString();
      this.expect(COLON);
      if (this.isPositionKey(keyStart, keyEnd)) {
        this.skipValue();
      } else {
        this.code(KEY);
        this.hashBytes(keyStart, keyEnd);
        const valueStart = this.i;
        const isValues = this.keyIs(keyStart, keyEnd, VALUES_LISTS);
        this.value(isValues ? VALUES_LISTS : null);
        if (bytes[valueStart] === QUOTE) {
          if (this.keyIs(keyStart, keyEnd, RELNAME)) relname = this.text(valueStart, this.i);
          else if (this.keyIs(keyStart, keyEnd, SCHEMANAME)) schema = this.text(valueStart, this.i);
          else if (this.keyIs(keyStart, keyEnd, CATALOGNAME)) catalog = this.text(valueStart, this.i);
          else if (this.keyIs(keyStart, keyEnd, CTENAME)) this.cteNames.add(this.text(valueStart, this.i));
        }
      }
      if (bytes[this.i] === COMMA) this.i += 1;
    }
    this.i += 1;
    this.code(CLOSE_OBJECT);
    // RangeVar: wrapped as {"RangeVar": {...}} in lists, bare in fields such as InsertStmt.relation.
    if (relname !== null) {
      const qualified = catalog === null && schema === null ? relname : [catalog, schema, relname].filter((part): part is string => part !== null).join('.');
      this.relations.push({ schema, name: relname, qualified });
    }
  }

  /** A JSON string value (with its quotes at start and end - 1) as text. */
  private text(start: number, end: number): string {
    const raw = decoder.decode(this.bytes.subarray(start, end));
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private array(key: Uint8Array | null): void {
    const bytes = this.bytes;
    // A list of constants (IN list, ARRAY[...], one VALUES row of constants) is one marker.
    let at = this.i + 1;
    let allConstant = bytes[at] !== CLOSE_BRACKET;
    while (allConstant && bytes[at] !== CLOSE_BRACKET) {
      const end = this.constantEnd(at);
      if (end < 0) allConstant = false;
      else at = bytes[end] === COMMA ? end + 1 : end;
    }
    if (allConstant) {
      this.i = at + 1;
      return this.code(CONSTANT_LIST);
    }
    if (key === VALUES_LISTS) return this.rows();
    this.i += 1;
    this.code(OPEN_ARRAY);
    while (this.i < this.end && bytes[this.i] !== CLOSE_BRACKET) {
      this.value(null);
      if (bytes[this.i] === COMMA) this.i += 1;
    }
    this.i += 1;
    this.code(CLOSE_ARRAY);
  }

  /** VALUES (..), (..): rows of one shape count as one row, as IN lists of constants count as one constant. */
  private rows(): void {
    const bytes = this.bytes;
    const outer1 = this.h1;
    const outer2 = this.h2;
    const rowHashes: number[] = [];
    this.i += 1;
    while (this.i < this.end && bytes[this.i] !== CLOSE_BRACKET) {
      this.h1 = 0x9e3779b9;
      this.h2 = 0x7f4a7c15;
      this.value(null);
      rowHashes.push(this.h1, this.h2);
      if (bytes[this.i] === COMMA) this.i += 1;
    }
    this.i += 1;
    this.h1 = outer1;
    this.h2 = outer2;
    let repeated = true;
    for (let k = 2; k < rowHashes.length; k += 1) if (rowHashes[k] !== rowHashes[k % 2]) repeated = false;
    this.code(OPEN_ARRAY);
    for (let k = 0; k < (repeated ? Math.min(2, rowHashes.length) : rowHashes.length); k += 1) this.code(rowHashes[k] ?? 0);
    this.code(CLOSE_ARRAY);
  }
}

function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number, end: number): number {
  const first = needle[0]!;
  for (let at = bytes.indexOf(first, from); at >= 0 && at + needle.length <= end; at = bytes.indexOf(first, at + 1)) {
    let match = true;
    for (let k = 1; k < needle.length; k += 1) {
      if (bytes[at + k] !== needle[k]) {
        match = false;
        break;
      }
    }
    if (match) return at;
  }
  return -1;
}

/** Reads statement kind, relations and structure hash from libpg-query's JSON parse tree bytes[start, end). */
export function scanParseTreeJson(bytes: Uint8Array, start: number, end: number): ParseTreeFacts {
  return new Scanner(bytes, start, end).run();
}
