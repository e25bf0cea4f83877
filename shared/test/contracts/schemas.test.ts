import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { checkBackwardCompatible } from '../../src/contracts/check-backward-compatible.js';
import { renderContractTypes } from '../../src/contracts/render-contract-types.js';
import { SCHEMA_DIR } from '../../src/contracts/schema-dir.js';

type Json = { [key: string]: unknown };
const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.avsc')).sort();
const load = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Json;

function everyRecord(schema: unknown, visit: (record: Json) => void): void {
  if (Array.isArray(schema)) return schema.forEach((s) => everyRecord(s, visit));
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Json;
  if (node.type === 'record') {
    visit(node);
    for (const field of node.fields as Json[]) everyRecord(field.type, visit);
  } else if (node.type === 'array') everyRecord(node.items, visit);
  else if (node.type === 'map') everyRecord(node.values, visit);
}

describe('event contracts in schemas/', () => {
  it('has a schema for every topic of the architecture and the dead letters', () => {
    const topics = files.map((f) => f.replace(/\.avsc$/, ''));
    for (const topic of ['query.signatures', 'query.findings', 'synth.datasets', 'bench.requests', 'bench.results', 'rewrite.proposals', 'rewrite.rules', 'schema.proposals', 'deployments', 'alerts', 'dead.letters']) {
      assert.ok(topics.includes(topic), `schema for ${topic}`);
    }
  });

  for (const file of files) {
    it(`${file} compiles with avsc, is namespaced, and documents every record and field`, () => {
      const schema = load(file);
      avro.Type.forSchema(schema as avro.Schema);
      assert.equal(schema.namespace, 'io.shadowtune.events');
      everyRecord(schema, (record) => {
        assert.ok(typeof record.doc === 'string' && record.doc.length > 0, `${String(record.name)} has a doc`);
        for (const field of record.fields as Json[]) {
          assert.ok(typeof field.doc === 'string' && field.doc.length > 0, `${String(record.name)}.${String(field.name)} has a doc`);
        }
      });
    });
  }

  it('generated TypeScript types are fresh (npm run generate)', () => {
    const committed = readFileSync(new URL('../../src/contracts/generated-types.ts', import.meta.url), 'utf8');
    assert.equal(committed, renderContractTypes(SCHEMA_DIR), 'shared/src/contracts/generated-types.ts is stale: run npm run generate');
  });

  it('every schema stays BACKWARD compatible with each of its committed versions', () => {
    let history: string;
    try {
      history = execFileSync('git', ['log', '--format=%H', '--', 'schemas'], { cwd: join(SCHEMA_DIR, '..'), encoding: 'utf8' });
    } catch {
      assert.fail('git history of schemas/ is needed to check compatibility (run the tests in a git clone)');
    }
    let compared = 0;
    for (const commit of history.split('\n').filter(Boolean)) {
      for (const file of files) {
        let old: string;
        try {
          old = execFileSync('git', ['show', `${commit}:schemas/${file}`], { cwd: join(SCHEMA_DIR, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          continue; // the file did not exist at that commit
        }
        const reason = checkBackwardCompatible(load(file), JSON.parse(old));
        assert.equal(reason, null, `${file} cannot read records written with its version at ${commit.slice(0, 8)}: ${reason}`);
        compared += 1;
      }
    }
    assert.ok(compared >= files.length - 1, 'compared against history');
  });

  it('the check catches a field added without a default (on a copy)', () => {
    const original = load('query.signatures.avsc');
    const changed = structuredClone(original);
    (changed.fields as Json[]).push({ name: 'newRequiredField', type: 'string', doc: 'added without a default' });
    assert.match(checkBackwardCompatible(changed, original) ?? '', /newRequiredField/);
    const withDefault = structuredClone(original);
    (withDefault.fields as Json[]).push({ name: 'newOptionalField', type: ['null', 'string'], default: null, doc: 'added with a default' });
    assert.equal(checkBackwardCompatible(withDefault, original), null);
  });

  it('the check catches a removed enum symbol and a changed field type (on copies)', () => {
    const original = load('alerts.avsc');
    const fewerSymbols = structuredClone(original);
    const severity = (fewerSymbols.fields as Json[]).find((f) => f.name === 'severity')!;
    (severity.type as Json).symbols = ['INFO', 'WARNING'];
    delete (severity.type as Json).default;
    assert.notEqual(checkBackwardCompatible(fewerSymbols, original), null);
    const retyped = structuredClone(original);
    (retyped.fields as Json[]).find((f) => f.name === 'message')!.type = 'int';
    assert.notEqual(checkBackwardCompatible(retyped, original), null);
  });
});
