import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { BUILT_IN_PERSONAS } from '../../../src/personas/built-in-personas.js';
import { createPersonaDatabase } from '../../../src/personas/create-persona-database.js';
import { evaluatePersonaAccessPatterns, type AccessPatternEvaluation } from '../../../src/personas/evaluate-persona-access-patterns.js';
import { seedPersonaDatabase, type SeededTable } from '../../../src/personas/seed-persona-database.js';
import { validatePersonaDefinition } from '../../../src/personas/validate-persona-definition.js';
import { TEST_SERVER_URL } from '../../../../test/support/postgres/test-database.js';
import { dropDatabase } from '../../workflows/support/drop-database.js';

const SAMPLES = 11;

/**
 * The persona test of a built-in template: create a database from it with Persona
 * Creation, fill it at the persona's test volume, VACUUM ANALYZE, run every access
 * pattern with representative parameters, and check
 * - the median server execution time meets the pattern's latency target (the targets are
 *   for the full volume, so at test volume they hold with a wide margin on a loaded machine),
 * - every sample's plan uses the indexes the pattern says it relies on,
 * - dropping each strategy index makes each pattern it serves measurably slower: at least
 *   twice the planner cost and more shared buffers (twice as many for reads). Work counts
 *   rather than wall time, so the check does not depend on machine load.
 */
export function checkPersonaTemplate(personaId: string): void {
  const persona = BUILT_IN_PERSONAS.find((p) => p.personaId === personaId);
  assert.ok(persona, `no built-in persona ${personaId}`);
  const databaseName = `st_persona_${randomBytes(5).toString('hex')}`;

  describe(`persona template ${personaId}`, () => {
    let client: pg.Client;
    let seeded: SeededTable[] = [];
    let evaluations: AccessPatternEvaluation[] = [];

    before(async () => {
      await createPersonaDatabase({ serverUrl: TEST_SERVER_URL, databaseName, applicationId: `test-${personaId}`, persona });
      const url = new URL(TEST_SERVER_URL);
      url.pathname = `/${databaseName}`;
      client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      seeded = await seedPersonaDatabase(client, persona, { volume: 'test' });
      evaluations = await evaluatePersonaAccessPatterns(client, persona, { samples: SAMPLES });
    });

    after(async () => {
      await client?.end();
      await dropDatabase(databaseName);
    });

    it('is a valid persona', async () => {
      const result = await validatePersonaDefinition(persona);
      assert.equal(result.ok, true, result.ok ? '' : JSON.stringify(result.issues));
    });

    it('is filled at its stated test volume', async () => {
      for (const volume of persona.volumes) {
        const table = seeded.find((s) => s.table === volume.table);
        if (volume.testRows === 0) continue;
        assert.ok(table, `${volume.table} was not seeded`);
        // Seeds that skip duplicate keys (ON CONFLICT DO NOTHING) land a little under the request.
        assert.ok(table.insertedRows >= volume.testRows * 0.9 && table.insertedRows <= volume.testRows * 1.01, `${volume.table}: ${table.insertedRows} rows for ${volume.testRows}`);
        const counted: pg.QueryResult<{ n: string }> = await client.query(`SELECT count(*) AS n FROM "${persona.initialSchema.schemaName}"."${volume.table}"`);
        assert.equal(Number(counted.rows[0]!.n), table.insertedRows);
      }
    });

    for (const pattern of persona.accessPatterns) {
      it(`${pattern.id}: meets its latency target (${pattern.latencyTargetMs} ms) through ${pattern.servedBy.join(', ') || 'its plan'}`, () => {
        const evaluation = evaluations.find((e) => e.id === pattern.id);
        assert.ok(evaluation, 'pattern was not evaluated');
        assert.equal(evaluation.samples, SAMPLES);
        assert.ok(evaluation.meetsLatencyTarget, `median ${evaluation.medianExecutionMs} ms over target ${pattern.latencyTargetMs} ms`);
        for (const index of pattern.servedBy) {
          assert.equal(evaluation.indexUse[index] ?? 0, SAMPLES, `${index} used in ${evaluation.indexUse[index] ?? 0} of ${SAMPLES} plans: ${JSON.stringify(evaluation.indexUse)}`);
        }
      });
    }

    const strategy = new Set(persona.indexingStrategy.indexes.map((i) => i.name));
    for (const pattern of persona.accessPatterns) {
      for (const index of pattern.servedBy.filter((name) => strategy.has(name))) {
        it(`${pattern.id}: dropping ${index} makes it measurably slower`, () => {
          const evaluation = evaluations.find((e) => e.id === pattern.id)!;
          const without = evaluation.ablations.find((a) => a.index === index);
          assert.ok(without, 'no measurement without the index');
          assert.ok(!(index in without.indexUse), 'the index was still used after DROP INDEX');
          assert.ok(without.medianCost >= 2 * evaluation.medianCost, `cost ${evaluation.medianCost} with, ${without.medianCost} without`);
          // A write also maintains the index it finds rows through, so only a read must save half its buffers.
          const enough = pattern.kind === 'read' ? without.medianBuffers >= 2 * evaluation.medianBuffers : without.medianBuffers > evaluation.medianBuffers;
          assert.ok(enough, `buffers ${evaluation.medianBuffers} with, ${without.medianBuffers} without`);
        });
      }
    }

    it('measures every strategy index against a pattern it serves', () => {
      const ablated = new Set(evaluations.flatMap((e) => e.ablations.map((a) => a.index)));
      assert.deepEqual([...strategy].filter((name) => !ablated.has(name)), []);
    });
  });
}
