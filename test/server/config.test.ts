import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../server/config.ts';

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

test.run();
