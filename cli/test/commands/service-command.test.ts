import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase } from '../../../test/support/postgres/test-database.js';

function healthUrl(line: string): string {
  return (JSON.parse(line) as { url: string }).url;
}

describe('shadowtune service', () => {
  it('starts one service with a health endpoint and exits 0 on SIGTERM after a clean shutdown', async () => {
    const run = spawnShadowtune(['service', 'alerter'], { SHADOWTUNE_HEALTH__PORT: '0' });
    try {
      const url = healthUrl(await run.waitForLine(/health endpoint listening/));
      await run.waitForLine(/"service started"/);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, /shadowtune_events_in_total/);
      assert.match(metrics, /shadowtune_dead_letters_total/);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      assert.match(run.output(), /stopped cleanly/);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('exits 2 naming the key when the configuration is invalid', async () => {
    const run = spawnShadowtune(['service', 'alerter'], { SHADOWTUNE_SAMPLING_RATE: '7' });
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /CONFIG_INVALID/);
    assert.match(run.output(), /samplingRate = 7/);
  });

  it('runs the control-plane on the --port it is given and prints its URL', async () => {
    const catalog = await createTestDatabase('st_cli_cp');
    const run = spawnShadowtune(['service', 'control-plane', '--port', '0', '--health-port', '0'], { SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url });
    try {
      const line = await run.waitForLine(/listening on http:\/\//, 60_000);
      const url = /listening on (http:\/\/\S+)/.exec(line)![1]!;
      assert.notEqual(new URL(url).port, '8080');
      const response = await fetch(`${url}/openapi.json`);
      assert.equal(response.status, 200);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
    } finally {
      run.child.kill('SIGKILL');
      await catalog.drop();
    }
  });

  it('exits 2 when --port is given to a service without an API', async () => {
    const run = spawnShadowtune(['service', 'alerter', '--port', '9000']);
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /--port applies to the control-plane only/);
  });

  it('exits 2 for an unknown service, listing the choices', async () => {
    const run = spawnShadowtune(['service', 'no-such-service']);
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /Allowed choices are capture/);
  });

  it('exits 3 when the Kafka cluster cannot be reached', async () => {
    const run = spawnShadowtune(['service', 'alerter'], {
      SHADOWTUNE_HEALTH__PORT: '0',
      SHADOWTUNE_BUS__KIND: 'kafka',
      SHADOWTUNE_CONNECTIONS__KAFKA_BROKERS: '127.0.0.1:1',
    });
    assert.equal(await run.exited, 3);
    assert.match(run.output(), /KAFKA_UNAVAILABLE/);
  });
});

describe('shadowtune run', () => {
  it('runs every service in one process on the memory bus and stops cleanly on SIGINT', async () => {
    const run = spawnShadowtune(['run', '--health-port', '0'], { SHADOWTUNE_SERVICES__CONTROL_PLANE__PORT: '0' });
    try {
      const url = healthUrl(await run.waitForLine(/health endpoint listening/));
      await run.waitForLine(/"component":"alerter".*service started/);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      for (const name of ['capture', 'signature-analyzer', 'synth-generator', 'bench-runner', 'rewrite-engine', 'schema-evolver', 'control-plane', 'alerter']) {
        assert.match(run.output(), new RegExp(`"component":"${name}".*service started`), `${name} started`);
      }
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('answers --help on every command with exit 0', async () => {
    for (const args of [['--help'], ['service', '--help'], ['run', '--help']]) {
      const run = spawnShadowtune(args);
      assert.equal(await run.exited, 0, args.join(' '));
      assert.match(run.output(), /Usage: shadowtune/);
    }
  });
});
