import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { compileLogLinePrefix } from '../../src/log/compile-log-line-prefix.js';

describe('compileLogLinePrefix', () => {
  it("parses '%m [%p] %q%u@%d ' with and without a session", () => {
    const prefix = compileLogLinePrefix('%m [%p] %q%u@%d ');
    const session = prefix.parse('2026-11-21 22:24:00.079 UTC [13327] app_user@shop LOG:  duration: 0.004 ms  statement: SELECT 1');
    assert.deepEqual(session?.values, { timestamp: '2026-11-21 22:24:00.079 UTC', epoch: null, pid: '13327', user: 'app_user', database: 'shop', application: null, host: null, hostPort: null, session: null });
    assert.equal(session?.severity, 'LOG');
    assert.equal(session?.message, 'duration: 0.004 ms  statement: SELECT 1');
    const background = prefix.parse('2026-11-21 22:23:55.913 UTC [13264] LOG:  database system is ready to accept connections');
    assert.equal(background?.values.user, null);
    assert.equal(background?.message, 'database system is ready to accept connections');
  });

  it("parses pgBadger's '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' with spaces in the application name", () => {
    const prefix = compileLogLinePrefix('%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ');
    const line = prefix.parse('2026-11-21 22:32:36 UTC [25967]: [4-1] user=postgres,db=shop,app=PostgreSQL JDBC Driver,client=10.1.2.3 DETAIL:  Parameters: $1 = \'x\'');
    assert.equal(line?.values.application, 'PostgreSQL JDBC Driver');
    assert.equal(line?.values.host, '10.1.2.3');
    assert.equal(line?.values.timestamp, '2026-11-21 22:32:36 UTC');
    assert.equal(line?.severity, 'DETAIL');
  });

  it('reads %c, %r, %n, %e, %x, %v, %i, %b, %Q, %l, padding and %%', () => {
    const prefix = compileLogLinePrefix('%n %c %r %-8u|%5d %% %e %x %v [%i] %b %Q ');
    const line = prefix.parse('1732227840.123 6b021c06.6592 127.0.0.1(46458) bob     | shop % 00000 0 3/7 [SELECT] client backend -7100706926010247081 LOG:  statement: SELECT 1');
    assert.equal(line?.values.epoch, '1732227840.123');
    assert.equal(line?.values.session, '6b021c06.6592');
    assert.equal(line?.values.hostPort, '127.0.0.1(46458)');
    assert.equal(line?.values.user, 'bob');
    assert.equal(line?.values.database, 'shop');
    assert.equal(line?.message, 'statement: SELECT 1');
  });

  it('does not take a line of another format for a record', () => {
    const prefix = compileLogLinePrefix('%m [%p] ');
    assert.equal(prefix.parse('garbage line'), null);
    assert.equal(prefix.parse('2026-11-21 22:24:00.079 UTC [13327] SOMETHING:  x'), null);
    assert.equal(prefix.parse('\tcontinuation'), null);
  });

  it('reads the SQLSTATE that log_error_verbosity=verbose adds', () => {
    const line = compileLogLinePrefix('%m [%p] ').parse('2026-11-21 22:24:00.079 UTC [1] LOG:  00000: duration: 1.000 ms  statement: SELECT 1');
    assert.equal(line?.message, 'duration: 1.000 ms  statement: SELECT 1');
  });

  it('rejects a prefix ending in a lone %', () => {
    assert.throws(() => compileLogLinePrefix('%m %'), (error: unknown) => error instanceof ShadowtuneError && error.code === 'CONFIG_INVALID');
  });
});
