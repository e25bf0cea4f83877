import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { configLeaves } from './config-leaves.js';
import { configSchema, type ShadowtuneConfig } from './config-schema.js';
import { ENV_ALIASES, NON_CONFIG_ENV, NON_CONFIG_ENV_PREFIXES, envNameOf } from './env-name-of.js';

export interface LoadConfigOptions {
  /** YAML or JSON file; SHADOWTUNE_CONFIG names one when this is not given. */
  readonly file?: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags; they win over the file and the environment. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

type Tree = { [key: string]: unknown };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Tree, top: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(top)) {
    out[key] = isTree(value) && isTree(out[key]) ? deepMerge(out[key] as Tree, value) : value;
  }
  return out;
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const segment of path.slice(0, -1)) {
    if (!isTree(node[segment])) node[segment] = {};
    node = node[segment] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

/** Environment strings become JSON values where they parse as such (numbers, booleans, null, arrays). */
function parseEnvValue(raw: string): unknown {
  const trimmed = raw.trim();
  if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)$/.test(trimmed) || /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

function readConfigFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ShadowtuneError('CONFIG_INVALID', `cannot read config file ${file}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new ShadowtuneError('CONFIG_INVALID', `config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, { cause });
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new ShadowtuneError('CONFIG_INVALID', `config file ${file} must hold a mapping of keys at the top`);
  return parsed;
}

function envTree(env: Readonly<Record<string, string | undefined>>): Tree {
  const byName = new Map<string, readonly string[]>(configLeaves().map((leaf) => [envNameOf(leaf.path), leaf.path]));
  for (const [alias, path] of Object.entries(ENV_ALIASES)) byName.set(alias, path);
  const tree: Tree = {};
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('SHADOWTUNE_') || raw === undefined) continue;
    if (NON_CONFIG_ENV.has(name) || NON_CONFIG_ENV_PREFIXES.some((p) => name.startsWith(p))) continue;
    const path = byName.get(name);
    if (path === undefined) unknown.push(name);
    else setPath(tree, path, parseEnvValue(raw));
  }
  if (unknown.length > 0) {
    throw new ShadowtuneError('CONFIG_INVALID', `unknown environment variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (no such config key; see the README's configuration table)`);
  }
  return tree;
}

function formatValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (key === '(top level)' ? k : `${key}.${k}`));
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  const got = 'input' in issue ? formatValue(issue.input) : 'nothing';
  return `${key} = ${got}: ${issue.message}`;
}

/**
 * Loads the one configuration: defaults < file < environment < overrides. Anything unknown
 * or invalid stops start-up with a CONFIG_INVALID error that names the key, the value and
 * what is allowed.
 */
export function loadConfig(options: LoadConfigOptions = {}): ShadowtuneConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.SHADOWTUNE_CONFIG ?? null;
  let tree: Tree = file ? readConfigFile(file) : {};
  tree = deepMerge(tree, envTree(env));
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(tree, path.split('.'), value);
  }
  const result = configSchema.safeParse(tree, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.map(describeIssue);
    throw new ShadowtuneError('CONFIG_INVALID', `invalid configuration${file ? ` (${file} and environment)` : ''}:\n  - ${lines.join('\n  - ')}`);
  }
  return result.data;
}
