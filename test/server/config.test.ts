import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { databaseLabel, databaseLocation, loadConfig } from '../../server/config.ts';

test('reads defaults when the environment is empty', () => {
  const config = loadConfig({});
  assert.is(config.port, 3000);
  assert.ok(config.databasePath.endsWith('data/territoires-ess.sqlite'));
  assert.is(config.demo, true);
  assert.is(config.uploadLimitBytes, 10 * 1024 * 1024);
});

test('names the variable that is wrong', () => {
  assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT must be an integer/);
  assert.throws(() => loadConfig({ TERRITOIRES_DEMO: 'maybe' }), /TERRITOIRES_DEMO/);
  assert.throws(() => loadConfig({ TERRITOIRES_ADMIN_PASSWORD: 'short' }), /TERRITOIRES_ADMIN_PASSWORD/);
});

test('knows when the first administrator would get the documented demo password', () => {
  assert.is(loadConfig({}).adminPasswordIsDefault, true);
  assert.is(loadConfig({ TERRITOIRES_ADMIN_PASSWORD: 'a-real-secret-123' }).adminPasswordIsDefault, false);
});

test('TERRITOIRES_DATABASE_URL picks PostgreSQL; logs never show its password', () => {
  const sqlite = loadConfig({});
  assert.is(sqlite.databaseUrl, null);
  assert.is(databaseLocation(sqlite), sqlite.databasePath);
  assert.match(databaseLabel(sqlite), /^SQLite, /);
  const pg = loadConfig({ TERRITOIRES_DATABASE_URL: 'postgres://territoires:s3cr3t@db.region.example:5432/ess' });
  assert.is(databaseLocation(pg), 'postgres://territoires:s3cr3t@db.region.example:5432/ess');
  assert.is(databaseLabel(pg), 'PostgreSQL, postgres://territoires:***@db.region.example:5432/ess');
  assert.throws(() => loadConfig({ TERRITOIRES_DATABASE_URL: 'mysql://x@y/z' }), /TERRITOIRES_DATABASE_URL must be a postgres:\/\/ address/);
  assert.throws(() => loadConfig({ TERRITOIRES_DATABASE_URL: 'postgres://with space@host/db' }), /TERRITOIRES_DATABASE_URL/);
});

test('TERRITOIRES_REMINDERS_AT is a time of day', () => {
  assert.is(loadConfig({}).remindersAt, '07:00');
  assert.is(loadConfig({ TERRITOIRES_REMINDERS_AT: '06:30' }).remindersAt, '06:30');
  for (const wrong of ['7:00', '24:00', '07h00', '07:60']) assert.throws(() => loadConfig({ TERRITOIRES_REMINDERS_AT: wrong }), /TERRITOIRES_REMINDERS_AT/);
});

test.run();
