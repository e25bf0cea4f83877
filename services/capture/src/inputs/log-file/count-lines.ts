import { open } from 'node:fs/promises';

/** Line breaks in the first `length` bytes of a file: the line number at that offset, minus one. */
export async function countLines(path: string, length: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    let position = 0;
    while (position < length) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - position), position);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(10, 0); i >= 0 && i < bytesRead; i = buffer.indexOf(10, i + 1)) lines += 1;
      position += bytesRead;
    }
    return lines;
  } finally {
    await handle.close();
  }
}
