// Persona benchmark: for each built-in persona, create a database with Persona Creation,
// fill it (a multiple of its test volume), then measure every access pattern with
// representative parameters, with the persona's indexes and without each strategy index
// a pattern relies on (dropped inside a rolled-back savepoint). Prints a Markdown table.
//
//   npm run bench:personas -- [--multiple 1] [--samples 31] [--persona <id>]
//   SHADOWTUNE_BENCH_PG_URL=postgres://... (default: the local test server)
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BUILT_IN_PERSONAS } from '../../shared/src/personas/built-in-personas.js';
import { createPersonaDatabase } from '../../shared/src/personas/create-persona-database.js';
import { evaluatePersonaAccessPatterns } from '../../shared/src/personas/evaluate-persona-access-patterns.js';
import { seedPersonaDatabase } from '../../shared/src/personas/seed-persona-database.js';

const { values } = parseArgs({
  options: {
    multiple: { type: 'string', default: '1' },
    samples: { type: 'string', default: '31' },
    persona: { type: 'string' },
  },
});
const multiple = Number(values.multiple);
const samples = Number(values.samples);
const serverUrl = process.env.SHADOWTUNE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${version}.`);
console.log(`Volume: ${multiple} x each persona's test volume; ${samples} representative parameter rows per pattern, median server execution time (EXPLAIN ANALYZE).\n`);

for (const persona of BUILT_IN_PERSONAS) {
  if (values.persona && persona.personaId !== values.persona) continue;
  const databaseName = `st_bench_${randomBytes(4).toString('hex')}`;
  try {
    await createPersonaDatabase({ serverUrl, databaseName, applicationId: 'bench', persona });
    const client = new pg.Client({ connectionString: withDatabase(databaseName) });
    await client.connect();
    try {
      const fillStarted = performance.now();
      const seeded = await seedPersonaDatabase(client, persona, { volume: { testMultiple: multiple } });
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      const rows = seeded.reduce((sum, table) => sum + table.insertedRows, 0);
      const evaluations = await evaluatePersonaAccessPatterns(client, persona, { samples });
      console.log(`### ${persona.personaId}\n`);
      console.log(`${rows.toLocaleString('en-US')} rows filled in ${fillSeconds.toFixed(1)} s (VACUUM ANALYZE included).\n`);
      console.log('| pattern | target ms | median ms | buffers | without index | median ms without | buffers without |');
      console.log('|---|---|---|---|---|---|---|');
      for (const e of evaluations) {
        const ablations = e.ablations.length > 0 ? e.ablations : [null];
        for (const a of ablations) {
          console.log(
            `| ${e.id} | ${e.latencyTargetMs} | ${fmt(e.medianExecutionMs)} | ${e.medianBuffers} | ${a ? a.index : '(constraint index only)'} | ${a ? fmt(a.medianExecutionMs) : ''} | ${a ? a.medianBuffers : ''} |`,
          );
        }
      }
      console.log('');
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  }
}
await admin.end();
