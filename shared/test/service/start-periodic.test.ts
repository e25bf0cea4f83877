import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/log/create-logger.js';
import { startPeriodic } from '../../src/service/start-periodic.js';

describe('startPeriodic', () => {
  it('runs the work every interval, one at a time, goes on after a failure, and stop() waits for a run in progress', async () => {
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    const task = startPeriodic(
      'test',
      10,
      async () => {
        runs += 1;
        concurrent += 1;
        most = Math.max(most, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 25));
        concurrent -= 1;
        if (runs === 1) throw new Error('first run fails');
      },
      createLogger({ service: 'test', level: 'silent' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
    await task.stop();
    const stopped = runs;
    assert.ok(runs >= 2, `ran again after the failure (${runs})`);
    assert.equal(most, 1, 'never two at once');
    assert.equal(concurrent, 0, 'stop() waited for the run in progress');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(runs, stopped, 'no run after stop()');
  });
});
