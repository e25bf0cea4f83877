import { configLeaves } from './config-leaves.js';
import { envNameOf } from './env-name-of.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The README's configuration table, rendered from the schema (a test keeps the README in step). */
export function renderConfigTable(): string {
  const rows = configLeaves().map((leaf) => {
    const defaultText = leaf.defaultValue === undefined ? '(required)' : `\`${JSON.stringify(leaf.defaultValue)}\``;
    return `| \`${leaf.path.join('.')}\` | \`${envNameOf(leaf.path)}\` | ${leaf.type} | ${defaultText} | ${cell(leaf.description)} |`;
  });
  return ['| key | environment variable | type | default | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
