import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { ShadowtuneError } from '../../src/errors/shadowtune-error.js';

const dir = mkdtempSync(join(tmpdir(), 'shadowtune-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function rejection(run: () => unknown): ShadowtuneError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ShadowtuneError, `expected a ShadowtuneError, got ${String(error)}`);
    assert.equal(error.code, 'CONFIG_INVALID');
    return error;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('gives every key its default when nothing is set', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.samplingRate, 1);
    assert.equal(config.rewriteRuleDeploymentPolicy.mode, 'manual');
    assert.equal(config.performanceThreshold.executionTimeMs, 100);
    assert.equal(config.syntheticDataVolume.rows, 100_000);
    assert.equal(config.bus.kind, 'memory');
    assert.equal(config.services.capture.groupId, 'shadowtune-capture');
  });

  it('reads YAML and JSON files, and the environment wins over the file', () => {
    const yaml = writeFile('a.yaml', 'samplingRate: 0.25\nperformanceThreshold:\n  joinCost: 500\nrewriteRuleDeploymentPolicy:\n  mode: ab\n');
    const json = writeFile('a.json', JSON.stringify({ dataSkewFactor: 2 }));
    const fromYaml = loadConfig({ file: yaml, env: {} });
    assert.equal(fromYaml.samplingRate, 0.25);
    assert.equal(fromYaml.performanceThreshold.joinCost, 500);
    assert.equal(fromYaml.performanceThreshold.scanCost, 10_000, 'siblings keep their defaults');
    assert.equal(fromYaml.rewriteRuleDeploymentPolicy.mode, 'ab');
    assert.equal(loadConfig({ file: json, env: {} }).dataSkewFactor, 2);
    const both = loadConfig({ file: yaml, env: { SHADOWTUNE_SAMPLING_RATE: '0.5', SHADOWTUNE_PERFORMANCE_THRESHOLD__JOIN_COST: '750' } });
    assert.equal(both.samplingRate, 0.5);
    assert.equal(both.performanceThreshold.joinCost, 750);
    assert.equal(loadConfig({ env: { SHADOWTUNE_CONFIG: yaml } }).samplingRate, 0.25, 'SHADOWTUNE_CONFIG names the file');
  });

  it('lets overrides from flags win over everything', () => {
    const config = loadConfig({ env: { SHADOWTUNE_SAMPLING_RATE: '0.5' }, overrides: { samplingRate: 0.1, 'connections.shadow': 'postgres://x@h/db' } });
    assert.equal(config.samplingRate, 0.1);
    assert.equal(config.connections.shadow, 'postgres://x@h/db');
  });

  const invalid: { name: string; env?: Record<string, string>; file?: string; mentions: readonly string[] }[] = [
    { name: 'SamplingRate above 1', env: { SHADOWTUNE_SAMPLING_RATE: '1.5' }, mentions: ['samplingRate', '1.5', '<=1'] },
    { name: 'SamplingRate below 0', env: { SHADOWTUNE_SAMPLING_RATE: '-0.1' }, mentions: ['samplingRate', '-0.1', '>=0'] },
    { name: 'SamplingRate not a number', env: { SHADOWTUNE_SAMPLING_RATE: 'half' }, mentions: ['samplingRate', '"half"', 'number'] },
    { name: 'execution-time threshold zero', env: { SHADOWTUNE_PERFORMANCE_THRESHOLD__EXECUTION_TIME_MS: '0' }, mentions: ['performanceThreshold.executionTimeMs', '0', '>0'] },
    { name: 'negative scan cost', env: { SHADOWTUNE_PERFORMANCE_THRESHOLD__SCAN_COST: '-5' }, mentions: ['performanceThreshold.scanCost', '-5'] },
    { name: 'negative join cost', env: { SHADOWTUNE_PERFORMANCE_THRESHOLD__JOIN_COST: '-1' }, mentions: ['performanceThreshold.joinCost'] },
    { name: 'zero filter cost', env: { SHADOWTUNE_PERFORMANCE_THRESHOLD__FILTER_COST: '0' }, mentions: ['performanceThreshold.filterCost'] },
    { name: 'fractional large-table rows', env: { SHADOWTUNE_PERFORMANCE_THRESHOLD__LARGE_TABLE_ROWS: '10.5' }, mentions: ['performanceThreshold.largeTableRows', '10.5', 'int'] },
    { name: 'DataSkewFactor negative', env: { SHADOWTUNE_DATA_SKEW_FACTOR: '-1' }, mentions: ['dataSkewFactor', '-1'] },
    { name: 'DataSkewFactor too large', env: { SHADOWTUNE_DATA_SKEW_FACTOR: '9' }, mentions: ['dataSkewFactor', '9', '<=5'] },
    { name: 'SyntheticDataVolume rows zero', env: { SHADOWTUNE_SYNTHETIC_DATA_VOLUME__ROWS: '0' }, mentions: ['syntheticDataVolume.rows', '0'] },
    { name: 'SyntheticDataVolume rows fractional', env: { SHADOWTUNE_SYNTHETIC_DATA_VOLUME__ROWS: '2.5' }, mentions: ['syntheticDataVolume.rows', '2.5'] },
    { name: 'SyntheticDataVolume multiple negative', env: { SHADOWTUNE_SYNTHETIC_DATA_VOLUME__PRODUCTION_MULTIPLE: '-2' }, mentions: ['syntheticDataVolume.productionMultiple', '-2'] },
    { name: 'thin rows negative', env: { SHADOWTUNE_SYNTHETIC_DATA_VOLUME__THIN_ROWS: '-1' }, mentions: ['syntheticDataVolume.thinRows'] },
    { name: 'deployment policy unknown', env: { SHADOWTUNE_REWRITE_RULE_DEPLOYMENT_POLICY__MODE: 'yolo' }, mentions: ['rewriteRuleDeploymentPolicy.mode', '"yolo"', 'manual', 'automatic', 'ab'] },
    { name: 'A/B share zero', env: { SHADOWTUNE_REWRITE_RULE_DEPLOYMENT_POLICY__AB_TRAFFIC_SHARE: '0' }, mentions: ['rewriteRuleDeploymentPolicy.abTrafficShare', '0'] },
    { name: 'A/B share above 1', env: { SHADOWTUNE_REWRITE_RULE_DEPLOYMENT_POLICY__AB_TRAFFIC_SHARE: '1.2' }, mentions: ['rewriteRuleDeploymentPolicy.abTrafficShare', '1.2'] },
    { name: 'bus kind unknown', env: { SHADOWTUNE_BUS__KIND: 'rabbit' }, mentions: ['bus.kind', '"rabbit"', 'memory', 'kafka'] },
    { name: 'topic prefix with a space', env: { SHADOWTUNE_BUS__TOPIC_PREFIX: 'my app' }, mentions: ['bus.topicPrefix', '"my app"'] },
    { name: 'production URL not postgres', env: { SHADOWTUNE_CONNECTIONS__PRODUCTION: 'mysql://h/db' }, mentions: ['connections.production', 'mysql://h/db', 'postgres://'] },
    { name: 'shadow URL not a URL', env: { SHADOWTUNE_CONNECTIONS__SHADOW: 'localhost' }, mentions: ['connections.shadow'] },
    { name: 'catalog URL wrong scheme', env: { SHADOWTUNE_CONNECTIONS__CATALOG: 'http://h' }, mentions: ['connections.catalog'] },
    { name: 'broker without a port', env: { SHADOWTUNE_CONNECTIONS__KAFKA_BROKERS: 'kafka' }, mentions: ['connections.kafkaBrokers', '"kafka"', 'host:port'] },
    { name: 'empty client id', env: { SHADOWTUNE_CONNECTIONS__KAFKA_CLIENT_ID: '' }, mentions: ['connections.kafkaClientId'] },
    { name: 'registry URL not http', env: { SHADOWTUNE_CONNECTIONS__SCHEMA_REGISTRY_URL: 'registry:8081' }, mentions: ['connections.schemaRegistryUrl'] },
    { name: 'embedded port out of range', env: { SHADOWTUNE_EMBEDDED_POSTGRES__PORT: '70000' }, mentions: ['embeddedPostgres.port', '70000'] },
    { name: 'health port negative', env: { SHADOWTUNE_HEALTH__PORT: '-1' }, mentions: ['health.port'] },
    { name: 'log level unknown', env: { SHADOWTUNE_LOG_LEVEL: 'loud' }, mentions: ['logLevel', '"loud"'] },
    { name: 'empty group id', env: { SHADOWTUNE_SERVICES__CAPTURE__GROUP_ID: '' }, mentions: ['services.capture.groupId'] },
    { name: 'unknown environment variable', env: { SHADOWTUNE_SAMPLNG_RATE: '0.5' }, mentions: ['SHADOWTUNE_SAMPLNG_RATE', 'unknown'] },
    { name: 'unknown top-level key in the file', file: 'samplingrate: 0.5\n', mentions: ['unknown key', 'samplingrate'] },
    { name: 'unknown nested key in the file', file: 'performanceThreshold:\n  exec: 5\n', mentions: ['performanceThreshold.exec'] },
    { name: 'a list where a mapping belongs', file: 'performanceThreshold: [1, 2]\n', mentions: ['performanceThreshold'] },
    { name: 'a file that is not a mapping', file: '- 1\n- 2\n', mentions: ['mapping'] },
    { name: 'a file that is not YAML', file: 'a: [unclosed\n', mentions: ['not valid YAML'] },
  ];

  for (const [index, testCase] of invalid.entries()) {
    it(`rejects ${testCase.name}, naming the key, the value and what is allowed`, () => {
      const file = testCase.file === undefined ? undefined : writeFile(`bad-${index}.yaml`, testCase.file);
      const error = rejection(() => loadConfig({ env: testCase.env ?? {}, file }));
      for (const text of testCase.mentions) assert.ok(error.message.includes(text), `message should mention ${text}: ${error.message}`);
    });
  }

  it('reports every bad key at once', () => {
    const error = rejection(() => loadConfig({ env: { SHADOWTUNE_SAMPLING_RATE: '2', SHADOWTUNE_DATA_SKEW_FACTOR: '-1' } }));
    assert.match(error.message, /samplingRate/);
    assert.match(error.message, /dataSkewFactor/);
  });

  it('rejects a missing file with a clear error', () => {
    const error = rejection(() => loadConfig({ file: join(dir, 'missing.yaml'), env: {} }));
    assert.match(error.message, /cannot read config file/);
  });
});
