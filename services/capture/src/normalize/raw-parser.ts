// The emscripten module of libpg-query itself (its package has no "exports" map, so the
// file is importable); it ships no types of its own.
// @ts-expect-error -- untyped CommonJS factory.
import createPgQueryModule from 'libpg-query/wasm/libpg-query.js';
import { scanParseTreeJson, type ParseTreeFacts } from './parse-tree-json-scanner.js';

/** The parts of the emscripten module used here (they are what libpg-query's own parseSync uses). */
interface PgQueryWasm {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(queryPointer: number): number;
  _wasm_free_parse_result(resultPointer: number): void;
}

function isPgQueryWasm(value: unknown): value is PgQueryWasm {
  const module = value as Partial<Record<keyof PgQueryWasm, unknown>> | null;
  return (
    module !== null && typeof module === 'object' && module.HEAPU8 instanceof Uint8Array && module.HEAPU32 instanceof Uint32Array &&
    typeof module._malloc === 'function' && typeof module._free === 'function' &&
    typeof module._wasm_parse_query_raw === 'function' && typeof module._wasm_free_parse_result === 'function'
  );
}

/**
 * The PostgreSQL 18 parser of libpg-query, called the way its parseSync calls it, but with
 * the JSON parse tree read in place from the parser's memory (scanParseTreeJson) instead
 * of being copied into a string and JSON.parse'd into objects: on a stream of new
 * statements that copy and that object tree cost more than the parse itself.
 */
export class RawParser {
  private input = 0;
  private inputCapacity = 0;
  /** A Buffer over the WASM memory, for native UTF-8 encoding into it; replaced when the memory grows. */
  private heapBuffer: Buffer = Buffer.alloc(0);

  private constructor(private readonly wasm: PgQueryWasm) {}

  static async load(): Promise<RawParser> {
    const module = (await (createPgQueryModule as () => Promise<unknown>)()) as unknown;
    if (!isPgQueryWasm(module)) throw new Error('libpg-query changed: its WASM module lacks the functions capture parses with');
    return new RawParser(module);
  }

  /** The statement's facts, or null when the grammar rejects it (the parser's message, which quotes the statement, is not read). */
  parse(sql: string): ParseTreeFacts | null {
    const wasm = this.wasm;
    const needed = Buffer.byteLength(sql) + 1;
    if (needed > this.inputCapacity) {
      if (this.input !== 0) wasm._free(this.input);
      this.inputCapacity = Math.max(needed, 2 * this.inputCapacity, 4_096);
      this.input = wasm._malloc(this.inputCapacity);
    }
    const heap = wasm.HEAPU8;
    if (this.heapBuffer.buffer !== heap.buffer) this.heapBuffer = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
    const written = this.heapBuffer.write(sql, this.input, 'utf8');
    heap[this.input + written] = 0;
    const result = wasm._wasm_parse_query_raw(this.input);
    if (result === 0) throw new Error('libpg-query: out of memory');
    try {
      // PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error; }; memory may have grown.
      const words = wasm.HEAPU32;
      const tree = words[result >>> 2] ?? 0;
      const error = words[(result >>> 2) + 2] ?? 0;
      if (error !== 0 || tree === 0) return null;
      const bytes = wasm.HEAPU8;
      const end = bytes.indexOf(0, tree);
      return scanParseTreeJson(bytes, tree, end);
    } finally {
      wasm._wasm_free_parse_result(result);
    }
  }
}
