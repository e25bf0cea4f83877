import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { configLeaves } from '../../shared/src/config/config-leaves.js';
import { ENV_ALIASES, NON_CONFIG_ENV, envNameOf } from '../../shared/src/config/env-name-of.js';
import { loadConfig } from '../../shared/src/config/load-config.js';
import { SERVICE_NAMES } from '../../shared/src/service/service-definition.js';

// Our machines have no Docker engine, so the compose file is checked as data.
const root = fileURLToPath(new URL('../../', import.meta.url));
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const dockerfile = readFileSync(`${root}deploy/Dockerfile`, 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  restart?: string;
}

const services = compose.services;

describe('docker-compose.yml', () => {
  it('has the infrastructure and one container per shadowtune service', () => {
    for (const name of ['kafka', 'schema-registry', 'production', 'shadow', 'connect', 'connect-init', 'vector', ...SERVICE_NAMES]) {
      assert.ok(services[name], `service ${name}`);
    }
  });

  it('pins every image to a version', () => {
    const images = [...Object.values(services).map((s) => s.image).filter((i): i is string => i !== undefined), ...[...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!)];
    for (const image of images) {
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      assert.ok(tag && tag !== 'latest' && /\d/.test(tag), `${image} is pinned to a version`);
    }
  });

  it('publishes no host port twice', () => {
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':').slice(0, -1).join(':')));
    assert.equal(new Set(hostPorts).size, hostPorts.length, `host ports: ${hostPorts.join(', ')}`);
  });

  it('sets only known shadowtune configuration variables, with values the config accepts', () => {
    const known = new Set([...configLeaves().map((leaf) => envNameOf(leaf.path)), ...Object.keys(ENV_ALIASES), ...NON_CONFIG_ENV]);
    for (const [name, service] of Object.entries(services)) {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
      for (const key of Object.keys(env).filter((k) => k.startsWith('SHADOWTUNE_'))) {
        assert.ok(known.has(key), `${name}: ${key} is not a config key`);
      }
      if (Object.keys(env).some((k) => k.startsWith('SHADOWTUNE_'))) loadConfig({ env });
    }
  });

  it('runs each shadowtune service from the one Dockerfile with `service <name>`, on Kafka', () => {
    for (const name of SERVICE_NAMES) {
      const service = services[name]!;
      assert.equal(service.build?.dockerfile, 'deploy/Dockerfile');
      assert.deepEqual(service.command, ['service', name]);
      assert.equal(service.environment?.SHADOWTUNE_BUS__KIND, 'kafka');
      assert.ok(service.healthcheck, `${name} has a health check`);
    }
  });

  it('orders start-up by health: every dependency waited on has a health check, one-shots must complete', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        assert.ok(target, `${name} depends on unknown ${dependency}`);
        if (condition === 'service_healthy') assert.ok(target.healthcheck, `${name} waits for ${dependency} to be healthy, which has no health check`);
        else assert.equal(condition, 'service_completed_successfully', `${name} → ${dependency}`);
        if (condition === 'service_completed_successfully') assert.equal(target.restart, 'no', `${dependency} is a one-shot`);
      }
    }
    for (const name of SERVICE_NAMES) {
      assert.equal(services[name]!.depends_on?.kafka?.condition, 'service_healthy', `${name} waits for Kafka`);
      assert.equal(services[name]!.depends_on?.['schema-registry']?.condition, 'service_healthy', `${name} waits for the registry`);
    }
    assert.equal(services['connect-init']!.depends_on?.connect?.condition, 'service_healthy');
    assert.equal(services['schema-registry']!.depends_on?.kafka?.condition, 'service_healthy');
  });

  it('logs every production statement with its duration as jsonlog, with pg_stat_statements and logical decoding', () => {
    const command = (services.production!.command as string[]).join(' ');
    for (const setting of ['logging_collector=on', 'log_destination=jsonlog', 'log_min_duration_statement=0', 'shared_preload_libraries=pg_stat_statements', 'wal_level=logical']) {
      assert.ok(command.includes(setting), setting);
    }
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) assert.ok(existsSync(`${root}${source.slice(2)}`), `${name} mounts missing ${source}`);
        else assert.ok(compose.volumes && source in compose.volumes, `${name} uses undeclared volume ${source}`);
      }
    }
  });

  it('builds a multi-stage image that runs as a non-root user', () => {
    assert.ok([...dockerfile.matchAll(/^FROM /gm)].length >= 2, 'multi-stage');
    const user = dockerfile.match(/^USER\s+(\S+)/m)?.[1];
    assert.ok(user && user !== 'root' && user !== '0', 'USER is not root');
    assert.match(dockerfile, /ENTRYPOINT \["node", "cli\/bin\/shadowtune\.mjs"\]/);
  });
});
