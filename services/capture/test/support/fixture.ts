import { readFileSync } from 'node:fs';

/** Bytes of a recorded PostgreSQL log in test/fixtures (see record-real-logs.ts). */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}
