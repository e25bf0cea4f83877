import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Finds the file that now carries a given identity (dev + inode) next to `path`: where a
 * log file went when it was rotated by rename while capture was not running.
 */
export async function findFileByIdentity(path: string, dev: string, ino: string): Promise<string | null> {
  const dir = dirname(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    const candidate = join(dir, name);
    try {
      const info = await stat(candidate, { bigint: true });
      if (info.isFile() && String(info.dev) === dev && String(info.ino) === ino) return candidate;
    } catch {
      // Gone between readdir and stat.
    }
  }
  return null;
}
