#!/usr/bin/env node
// The README's test command: type-check, then every *.test.ts under a test/ folder
// through node's test runner. Optional arguments narrow the run to paths containing them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir, insideTest, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, insideTest || entry.name === 'test', out);
    else if (insideTest && entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = collect(root, false, [])
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

if (filters.length === 0) {
  const tsc = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('type-check failed');
    process.exit(tsc.status ?? 1);
  }
}

const concurrency = process.env.SHADOWTUNE_TEST_CONCURRENCY ?? '3';
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHADOWTUNE_LOG_LEVEL: process.env.SHADOWTUNE_LOG_LEVEL ?? 'silent' } },
);
process.exit(run.status ?? 1);
