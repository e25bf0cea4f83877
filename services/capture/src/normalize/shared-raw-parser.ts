import { RawParser } from './raw-parser.js';

/**
 * The process's parser instance, ready once this module is imported (top-level await:
 * compiling the WASM module is asynchronous, parsing afterwards is synchronous).
 */
export const sharedRawParser: RawParser = await RawParser.load();
