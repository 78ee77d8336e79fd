import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTE_PATTERNS } from '../../web/route-patterns.ts';
import { matchPath } from '../../web/router.ts';

const router = suite('Client routes (web/router.ts)');

router('reads the report route parameters, decoded', () => {
  assert.equal(matchPath('/rapports/:operator/:scheme/:period', '/rapports/gallee/ACCESS/2025-Q1'), {
    operator: 'gallee',
    scheme: 'ACCESS',
    period: '2025-Q1',
  });
  assert.equal(matchPath('/region/admin/:section', '/region/admin/zones%20x'), { section: 'zones x' });
});

router('does not match a path of another length or another literal', () => {
  assert.is(matchPath('/rapports', '/rapports/gallee'), null);
  assert.is(matchPath('/cotech', '/compte'), null);
  assert.equal(matchPath('/', '/'), {});
});

router('keeps COTECH members away from every report and administration route', () => {
  for (const [pattern, roles] of ROUTE_PATTERNS) {
    if (pattern.startsWith('/rapports') || pattern.startsWith('/region')) assert.not.ok(roles.includes('cotech'), pattern);
  }
});

router.run();
