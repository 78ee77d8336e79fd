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

const links = suite('Shareable map filters (web/state.ts)');

links('reads back the filters it wrote into the address', async () => {
  const { parseFilters, filtersToSearch, defaultFilters } = await import('../../web/state.ts');
  const filters = { ...defaultFilters(), from: 2025, to: 2027, schemes: ['DLA', 'FIDESS'], basis: 'submitted' as const, distanceKm: 15, figure: 'per10k' as const };
  assert.equal(parseFilters(filtersToSearch(filters).toString()), filters);
});

links('ignores invalid values in a hand-edited address', async () => {
  const { parseFilters, defaultFilters } = await import('../../web/state.ts');
  const base = defaultFilters();
  const parsed = parseFilters('de=1999&a=2026&dispositifs=ACCESS,XYZ&base=autre&km=500&chiffre=rien', base);
  assert.is(parsed.from, base.from);
  assert.equal(parsed.schemes, ['ACCESS']);
  assert.is(parsed.basis, base.basis);
  assert.is(parsed.distanceKm, base.distanceKm);
  assert.is(parsed.figure, base.figure);
});

links.run();
