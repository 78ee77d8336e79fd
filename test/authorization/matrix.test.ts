// The authorization matrix: every route of the real application, called by each kind of user, with the
// answer each must get. Routes are enumerated from the app itself, so a new route fails this test until
// someone states here who may call it.
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword } from '../../server/auth/passwords.ts';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Actor = 'anonymous' | 'region' | 'cotech' | 'opA' | 'opB';
const ACTORS: Actor[] = ['anonymous', 'cotech', 'opB', 'opA', 'region'];
/** 'ok': a 2xx answer; a number: that refusal exactly. */
type Expect = 'ok' | 401 | 403 | 404 | 422;
type Access = Record<Actor, Expect>;

const PASSWORD = 'matrix password 2025';
const A = 'op-a';
const B = 'op-b';
const EPCI = '200071892'; // Saint-Quentin's agglomeration
const REPORT = `/api/v1/reports/${A}/ACCESS/2025-Q1`;
const LINE = { beneficiary_ref: 'M-1', beneficiary_type: 'porteur_projet', commune: '02691', stage: 'creation', start_date: '2025-01-15', jobs_consolidated_fte: 0, jobs_created_fte: 1 };

// Who may call what. Resources in paths belong to operator A; "opB" is another operator's user.
const PUBLIC: Access = { anonymous: 'ok', region: 'ok', cotech: 'ok', opA: 'ok', opB: 'ok' };
const LOGGED_IN: Access = { anonymous: 401, region: 'ok', cotech: 'ok', opA: 'ok', opB: 'ok' };
const REGION_ONLY: Access = { anonymous: 401, region: 'ok', cotech: 403, opA: 403, opB: 403 };
/** Readable by COTECH too, never by another operator */
const A_READABLE: Access = { anonymous: 401, region: 'ok', cotech: 'ok', opA: 'ok', opB: 404 };
/** A's report pages and lines: never COTECH, never another operator */
const A_REPORT: Access = { anonymous: 401, region: 'ok', cotech: 403, opA: 'ok', opB: 404 };
const REPORT_ROLES: Access = { anonymous: 401, region: 'ok', cotech: 403, opA: 'ok', opB: 'ok' };
/** Committee material: the Region and the COTECH, never an operator */
const COMMITTEE: Access = { anonymous: 401, region: 'ok', cotech: 'ok', opA: 403, opB: 403 };

interface World extends TestApp {
  headers: Record<Actor, Record<string, string>>;
  ids: { agreementA: number; agreementSpare: number; tokenA: number; siteA: number; zone: string; cotechUser: number; opAUser: number; meeting: number; frozenMeeting: number };
}

interface Case {
  path: string | ((w: World) => string);
  body?: unknown;
  /** A body sent as is, e.g. a CSV file (instead of `body`, sent as JSON) */
  csv?: string;
  access: Access;
  /** Brings the world into the state an allowed call needs (e.g. a submitted report before validation) */
  prepare?: (w: World) => Promise<void>;
  /** Extra check on an allowed answer: what this actor must not see */
  check?: (actor: Actor, body: unknown) => void;
}

/** A single-use token the matrix can name in a static body: its row is written by `prepare`. */
const MATRIX_TOKEN = 'matrice-jeton-0123456789abcdefghij';
const tokenFor = (purpose: 'invitation' | 'password_reset') => async (w: World) => {
  await w.db
    .insertInto('user_tokens')
    .values({ user_id: w.ids.opAUser, purpose, token_hash: createHash('sha256').update(MATRIX_TOKEN).digest('hex'), created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 3600_000).toISOString(), used_at: null })
    .execute();
};
const failedMail = async (w: World) => {
  const now = new Date().toISOString();
  await w.db
    .insertInto('outbox')
    .values({ id: 1, kind: 'invitation', user_id: w.ids.opAUser, to_address: 'x@test.example', subject: 's', text_body: 't', html_body: 'h', dedupe_key: null, status: 'failed', next_attempt_at: now, last_error: 'test', created_at: now, sent_at: null })
    .execute();
};

/** The case's request as `actor`: its JSON body, or its CSV sent as text/csv. */
async function send(world: World, method: string, path: string, actor: Actor, spec: Case) {
  if (spec.csv === undefined) return call(world.app, method, path, world.headers[actor], spec.body);
  const response = await world.app.request(path, { method, headers: { ...world.headers[actor], 'content-type': 'text/csv' }, body: spec.csv });
  return { status: response.status, body: await response.json() };
}

const mentions = (body: unknown, text: string) => JSON.stringify(body).includes(text);
const noOtherOperator = (actor: Actor, body: unknown) => {
  if (actor === 'opB') assert.not.ok(mentions(body, `"${A}"`), 'operator B was shown something of operator A');
};
const submitA = async (w: World) => {
  const r = await call(w.app, 'POST', `${REPORT}/submit`, w.headers.opA, {});
  if (r.status !== 200) throw new Error(`prepare submit: ${r.status} ${JSON.stringify(r.body)}`);
};
const validateA = async (w: World) => {
  await submitA(w);
  const r = await call(w.app, 'POST', `${REPORT}/validate`, w.headers.region, {});
  if (r.status !== 200) throw new Error(`prepare validate: ${r.status} ${JSON.stringify(r.body)}`);
};

const EXPECTATIONS: Record<string, Case> = {
  'GET /api/v1/health': { path: '/api/v1/health', access: PUBLIC },
  'GET /api/v1/openapi.json': { path: '/api/v1/openapi.json', access: PUBLIC },

  // Accounts
  'POST /api/v1/session': { path: '/api/v1/session', body: { email: 'login@test.example', password: PASSWORD }, access: PUBLIC },
  'GET /api/v1/session': { path: '/api/v1/session', access: LOGGED_IN },
  'DELETE /api/v1/session': { path: '/api/v1/session', access: PUBLIC },
  'POST /api/v1/account/password': { path: '/api/v1/account/password', body: { current: PASSWORD, next: 'another long password' }, access: LOGGED_IN },
  'POST /api/v1/tokens': { path: '/api/v1/tokens', body: { name: 'script' }, access: LOGGED_IN },
  'GET /api/v1/tokens': { path: '/api/v1/tokens', access: LOGGED_IN, check: (actor, body) => actor !== 'opA' && assert.equal(body, []) },
  'DELETE /api/v1/tokens/:id': { path: (w) => `/api/v1/tokens/${w.ids.tokenA}`, access: { anonymous: 401, region: 'ok', cotech: 404, opA: 'ok', opB: 404 } },

  // Administration
  'GET /api/v1/operators': { path: '/api/v1/operators', access: LOGGED_IN, check: noOtherOperator },
  'GET /api/v1/operators/:id': { path: `/api/v1/operators/${A}`, access: A_READABLE },
  'POST /api/v1/operators': { path: '/api/v1/operators', body: { id: 'op-new', name: 'Nouvel opérateur' }, access: REGION_ONLY },
  'PATCH /api/v1/operators/:id': { path: `/api/v1/operators/${A}`, body: { name: 'Opérateur A' }, access: REGION_ONLY },
  'DELETE /api/v1/operators/:id': { path: `/api/v1/operators/${A}`, access: REGION_ONLY },
  'GET /api/v1/agreements': { path: `/api/v1/agreements?operator=${A}`, access: A_READABLE },
  'GET /api/v1/agreements/:id': { path: (w) => `/api/v1/agreements/${w.ids.agreementA}`, access: A_READABLE },
  'POST /api/v1/agreements': { path: '/api/v1/agreements', body: { operator: A, scheme: 'FIDESS', start: '2025-01-01', end: '2025-12-31' }, access: REGION_ONLY },
  'PATCH /api/v1/agreements/:id': { path: (w) => `/api/v1/agreements/${w.ids.agreementA}`, body: { territory: { epcis: [EPCI] } }, access: REGION_ONLY },
  'DELETE /api/v1/agreements/:id': { path: (w) => `/api/v1/agreements/${w.ids.agreementSpare}`, access: REGION_ONLY },
  'GET /api/v1/sites': { path: '/api/v1/sites', access: LOGGED_IN },
  'GET /api/v1/sites/:id': { path: (w) => `/api/v1/sites/${w.ids.siteA}`, access: LOGGED_IN },
  'POST /api/v1/sites': {
    path: '/api/v1/sites',
    body: { operator: A, kind: 'branch', name: 'Antenne', commune: '02691', schemes: ['ACCESS'], opened: '2025-01-01' },
    access: REGION_ONLY,
  },
  'PATCH /api/v1/sites/:id': { path: (w) => `/api/v1/sites/${w.ids.siteA}`, body: { schedule: 'Lundi matin' }, access: REGION_ONLY },
  'DELETE /api/v1/sites/:id': { path: (w) => `/api/v1/sites/${w.ids.siteA}`, access: REGION_ONLY },
  'GET /api/v1/users': { path: '/api/v1/users', access: REGION_ONLY },
  'GET /api/v1/users/:id': { path: (w) => `/api/v1/users/${w.ids.opAUser}`, access: REGION_ONLY },
  'POST /api/v1/users': { path: '/api/v1/users', body: { email: 'new@test.example', password: PASSWORD, role: 'operator', operator: A }, access: REGION_ONLY },
  'PATCH /api/v1/users/:id': { path: (w) => `/api/v1/users/${w.ids.opAUser}`, body: { unlock: true }, access: REGION_ONLY },
  'DELETE /api/v1/users/:id': { path: (w) => `/api/v1/users/${w.ids.cotechUser}`, access: REGION_ONLY },
  'GET /api/v1/targets': { path: '/api/v1/targets', access: LOGGED_IN },
  'GET /api/v1/targets/:year': { path: '/api/v1/targets/2025', access: LOGGED_IN },
  'PUT /api/v1/targets/:year': { path: '/api/v1/targets/2025', body: { beneficiaries: 710, jobsConsolidated: 4000 }, access: REGION_ONLY },
  'GET /api/v1/settings': { path: '/api/v1/settings', access: REGION_ONLY },
  'PATCH /api/v1/settings': { path: '/api/v1/settings', body: { reportDueDays: 31 }, access: REGION_ONLY },
  'GET /api/v1/schemes': { path: '/api/v1/schemes', access: LOGGED_IN },
  'GET /api/v1/schemes/:code': { path: '/api/v1/schemes/ACCESS', access: LOGGED_IN },
  'PATCH /api/v1/schemes/:code': { path: '/api/v1/schemes/INSO', body: { capacityPerYear: 9 }, access: REGION_ONLY },
  'GET /api/v1/reference/ess-establishments': { path: '/api/v1/reference/ess-establishments', access: COMMITTEE },
  'PUT /api/v1/reference/ess-establishments': { path: '/api/v1/reference/ess-establishments', csv: 'epci_siren;etablissements\n200071983;12\n', access: REGION_ONLY },
  'DELETE /api/v1/reference/ess-establishments': { path: '/api/v1/reference/ess-establishments', access: REGION_ONLY },
  'PATCH /api/v1/schemes/:code/rules/:rule': { path: '/api/v1/schemes/ACCESS/rules/allowed_stages', body: { severity: 'warning' }, access: REGION_ONLY },
  'GET /api/v1/audit': { path: '/api/v1/audit', access: REGION_ONLY },

  // Geography: public reference data (Licence Ouverte), no personal data
  'GET /api/v1/geo/epcis': { path: '/api/v1/geo/epcis', access: PUBLIC },
  'GET /api/v1/geo/epcis.topojson': { path: '/api/v1/geo/epcis.topojson', access: PUBLIC },
  'GET /api/v1/geo/departements': { path: '/api/v1/geo/departements', access: PUBLIC },
  'GET /api/v1/geo/region': { path: '/api/v1/geo/region', access: PUBLIC },
  'GET /api/v1/geo/communes': { path: '/api/v1/geo/communes?q=Saint-Quentin', access: PUBLIC },
  'GET /api/v1/geo/communes/:code': { path: '/api/v1/geo/communes/02691', access: PUBLIC },
  'GET /api/v1/geo/locate': { path: '/api/v1/geo/locate?lat=49.85&lon=3.29', access: PUBLIC },

  // Reports (operator A's 2025-Q1 ACC'ESS report, one line uploaded)
  'GET /api/v1/reports': { path: `/api/v1/reports?operator=${A}`, access: REPORT_ROLES, check: noOtherOperator },
  'GET /api/v1/review-queue': { path: '/api/v1/review-queue', access: REGION_ONLY },
  'GET /api/v1/templates/:file': { path: '/api/v1/templates/ACCESS.csv', access: REPORT_ROLES },
  'GET /api/v1/reports/:operator/:scheme/:period': { path: REPORT, access: A_REPORT },
  'GET /api/v1/reports/:operator/:scheme/:period/lines': { path: `${REPORT}/lines`, access: A_REPORT },
  'GET /api/v1/reports/:operator/:scheme/:period/lines.csv': { path: `${REPORT}/lines.csv`, access: A_REPORT },
  'GET /api/v1/reports/:operator/:scheme/:period/lines.xlsx': { path: `${REPORT}/lines.xlsx`, access: A_REPORT },
  'GET /api/v1/reports/:operator/:scheme/:period/diff': { path: `${REPORT}/diff`, access: A_REPORT },
  'PUT /api/v1/reports/:operator/:scheme/:period/lines': { path: `${REPORT}/lines`, body: { lines: [LINE, { ...LINE, beneficiary_ref: 'M-2' }] }, access: A_REPORT },
  'POST /api/v1/reports/:operator/:scheme/:period/submit': { path: `${REPORT}/submit`, body: {}, access: A_REPORT },
  'POST /api/v1/reports/:operator/:scheme/:period/validate': { path: `${REPORT}/validate`, body: {}, access: REGION_ONLY, prepare: submitA },
  'POST /api/v1/reports/:operator/:scheme/:period/return': { path: `${REPORT}/return`, body: { comment: 'Ligne M-1 : stade ?' }, access: REGION_ONLY, prepare: submitA },
  'POST /api/v1/reports/:operator/:scheme/:period/reopen': { path: `${REPORT}/reopen`, body: { reason: 'Erreur de commune' }, access: REGION_ONLY, prepare: validateA },

  // Figures: every role, an operator only for itself (or the regional totals)
  'GET /api/v1/figures/targets': { path: `/api/v1/figures/targets?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/targets.csv': { path: `/api/v1/figures/targets.csv?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/targets.xlsx': { path: `/api/v1/figures/targets.xlsx?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/coverage': { path: `/api/v1/figures/coverage?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/coverage.csv': { path: `/api/v1/figures/coverage.csv?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/coverage.xlsx': { path: `/api/v1/figures/coverage.xlsx?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/coverage.geojson': { path: `/api/v1/figures/coverage.geojson?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/agreements': { path: `/api/v1/figures/agreements?operator=${A}`, access: A_READABLE, check: (actor, body) => assert.not.ok(actor === 'opA' && mentions(body, B), 'an operator sees only its agreements') },
  'GET /api/v1/figures/agreements.csv': { path: `/api/v1/figures/agreements.csv?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/agreements.xlsx': { path: `/api/v1/figures/agreements.xlsx?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/completeness': { path: `/api/v1/figures/completeness?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/completeness.csv': { path: `/api/v1/figures/completeness.csv?operator=${A}`, access: A_READABLE },
  'GET /api/v1/figures/completeness.xlsx': { path: `/api/v1/figures/completeness.xlsx?operator=${A}`, access: A_READABLE },

  // Vigilance zones: read by all, edited by the Region
  'GET /api/v1/zones': { path: '/api/v1/zones', access: LOGGED_IN },
  'POST /api/v1/zones': { path: '/api/v1/zones', body: { name: 'Nouvelle zone', epcis: [EPCI] }, access: REGION_ONLY },
  'PATCH /api/v1/zones/:id': { path: (w) => `/api/v1/zones/${w.ids.zone}`, body: { description: 'Revue' }, access: REGION_ONLY },
  'PUT /api/v1/zones/:id/epcis': { path: (w) => `/api/v1/zones/${w.ids.zone}/epcis`, body: { epcis: [EPCI] }, access: REGION_ONLY },
  'DELETE /api/v1/zones/:id': { path: (w) => `/api/v1/zones/${w.ids.zone}`, access: REGION_ONLY },
  'GET /api/v1/region': { path: '/api/v1/region', access: PUBLIC },
  'POST /api/v1/password-reset': { path: '/api/v1/password-reset', body: { email: 'quelquun@test.example' }, access: PUBLIC },
  'POST /api/v1/password-reset/confirm': { path: '/api/v1/password-reset/confirm', body: { token: MATRIX_TOKEN, password: 'cartable-hérisson-nuage-7' }, access: PUBLIC, prepare: tokenFor('password_reset') },
  'POST /api/v1/invitations/confirm': { path: '/api/v1/invitations/confirm', body: { token: MATRIX_TOKEN, password: 'cartable-hérisson-nuage-7' }, access: PUBLIC, prepare: tokenFor('invitation') },
  'GET /api/v1/account/notifications': { path: '/api/v1/account/notifications', access: LOGGED_IN },
  // Reminders concern operators: the Region and the COTECH have other kinds (422 names them).
  'PATCH /api/v1/account/notifications': { path: '/api/v1/account/notifications', body: { report_reminders: false }, access: { anonymous: 401, region: 422, cotech: 422, opA: 'ok', opB: 'ok' } },
  'GET /api/v1/outbox': { path: '/api/v1/outbox', access: REGION_ONLY },
  'POST /api/v1/outbox/:id/retry': { path: '/api/v1/outbox/1/retry', access: REGION_ONLY, prepare: failedMail },
  'GET /api/v1/figures/annual-report': { path: '/api/v1/figures/annual-report?year=2025', access: COMMITTEE },
  'GET /api/v1/figures/annual-report.xlsx': { path: '/api/v1/figures/annual-report.xlsx?year=2025', access: COMMITTEE },
  'GET /api/v1/meetings': { path: '/api/v1/meetings', access: COMMITTEE },
  'POST /api/v1/meetings': { path: '/api/v1/meetings', body: { kind: 'copress', date: '2026-06-20', title: 'COPRESS test', cohorts: [{ from: 2024, to: 2025 }] }, access: REGION_ONLY },
  'GET /api/v1/meetings/:id': { path: (w) => `/api/v1/meetings/${w.ids.frozenMeeting}`, access: COMMITTEE },
  'PATCH /api/v1/meetings/:id': { path: (w) => `/api/v1/meetings/${w.ids.meeting}`, body: { title: 'COTECH test (revu)' }, access: REGION_ONLY },
  'POST /api/v1/meetings/:id/freeze': { path: (w) => `/api/v1/meetings/${w.ids.meeting}/freeze`, access: REGION_ONLY },
  'GET /api/v1/meetings/:id/changes': { path: (w) => `/api/v1/meetings/${w.ids.frozenMeeting}/changes`, access: COMMITTEE },
  'DELETE /api/v1/meetings/:id': { path: (w) => `/api/v1/meetings/${w.ids.meeting}`, access: REGION_ONLY },
};

let passwordHash = '';

async function must(w: TestApp, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const reply = await call(w.app, method, path, headers, body);
  if (reply.status >= 300) throw new Error(`matrix setup: ${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Two operators under ACC'ESS agreements, one user of each role, A's report with a line, A's token and site, a zone. */
async function createWorld(): Promise<World> {
  const t = await createTestApp();
  for (const id of [A, B]) await addOperator(t.db, id, `Opérateur ${id}`);
  const region = await sessionFor(t.db, 'region');
  const cotech = await sessionFor(t.db, 'cotech');
  const opA = await sessionFor(t.db, 'operator', A);
  const opB = await sessionFor(t.db, 'operator', B);
  await t.db.updateTable('users').set({ password_hash: passwordHash }).execute();
  await t.db.insertInto('users').values({ email: 'login@test.example', password_hash: passwordHash, role: 'cotech', operator_id: null, created_at: new Date().toISOString(), locked_until: null, disabled_at: null }).execute();
  const headers = { anonymous: {}, region: region.headers, cotech: cotech.headers, opA: opA.headers, opB: opB.headers };

  const agreement = (operator: string, scheme: string) => ({ operator, scheme, start: '2025-01-01', end: '2026-12-31' });
  const agreementA = (await must(t, 'POST', '/api/v1/agreements', headers.region, agreement(A, 'ACCESS'))).id;
  await must(t, 'POST', '/api/v1/agreements', headers.region, agreement(B, 'ACCESS'));
  const agreementSpare = (await must(t, 'POST', '/api/v1/agreements', headers.region, agreement(A, 'DLA'))).id;
  await must(t, 'PUT', `${REPORT}/lines`, headers.opA, { lines: [LINE] });
  const tokenA = (await must(t, 'POST', '/api/v1/tokens', headers.opA, { name: 'outil A' })).id;
  const siteA = (await must(t, 'POST', '/api/v1/sites', headers.region, { operator: A, kind: 'hq', name: 'Siège A', commune: '02691', schemes: ['ACCESS'], opened: '2024-01-01' })).id;
  const zone = (await must(t, 'POST', '/api/v1/zones', headers.region, { id: 'zone-test', name: 'Zone test', epcis: [EPCI] })).id;
  const meetingBody = { kind: 'cotech', date: '2026-03-10', title: 'COTECH test', cohorts: [{ from: 2025, to: 2025 }] };
  const meeting = (await must(t, 'POST', '/api/v1/meetings', headers.region, meetingBody)).id;
  const frozenMeeting = (await must(t, 'POST', '/api/v1/meetings', headers.region, meetingBody)).id;
  await must(t, 'POST', `/api/v1/meetings/${frozenMeeting}/freeze`, headers.region);
  return { ...t, headers, ids: { agreementA, agreementSpare, tokenA, siteA, zone, cotechUser: cotech.userId, opAUser: opA.userId, meeting, frozenMeeting } };
}

/** Every API route of the real application, as 'METHOD /path' (middleware-only entries left out). */
async function registeredRoutes(): Promise<string[]> {
  const { app } = await createTestApp();
  const keys = app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

const Coverage = suite('authorization matrix: coverage of the routes');

Coverage('states the expected access of every registered route', async () => {
  const missing = (await registeredRoutes()).filter((key) => !(key in EXPECTATIONS));
  assert.equal(missing, [], `Routes without authorization expectations: add ${missing.map((m) => `'${m}'`).join(', ')} to EXPECTATIONS in test/authorization/matrix.test.ts`);
});

Coverage('lists no route that no longer exists', async () => {
  const routes = new Set(await registeredRoutes());
  const stale = Object.keys(EXPECTATIONS).filter((key) => !routes.has(key));
  assert.equal(stale, [], `Remove from EXPECTATIONS in test/authorization/matrix.test.ts: ${stale.join(', ')}`);
});

Coverage.run();

const Matrix = suite('authorization matrix: each route, each kind of user');

Matrix.before(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

for (const [key, spec] of Object.entries(EXPECTATIONS)) {
  const method = key.slice(0, key.indexOf(' '));
  const refusals = ACTORS.filter((a) => spec.access[a] !== 'ok');
  const allowed = ACTORS.filter((a) => spec.access[a] === 'ok');
  const who = (actors: Actor[]) => actors.join(', ') || 'nobody';

  Matrix(`${key}: refused to ${who(refusals)}, allowed to ${who(allowed)}`, async () => {
    // Refusals share one world, and must leave it as it was: no audit entry, nothing stored.
    const world = await createWorld();
    const auditBefore = (await world.db.selectFrom('audit_log').select('id').execute()).length;
    const path = typeof spec.path === 'function' ? spec.path(world) : spec.path;
    for (const actor of refusals) {
      const reply = await send(world, method, path, actor, spec);
      assert.is(reply.status, spec.access[actor], `${key} as ${actor}: expected ${spec.access[actor]}, got ${reply.status} ${JSON.stringify(reply.body)}`);
      assert.type(reply.body?.error?.message, 'string', `${key} as ${actor}: refusal without an error message`);
    }
    const auditAfter = (await world.db.selectFrom('audit_log').select('id').execute()).length;
    assert.is(auditAfter, auditBefore, `${key}: a refused call changed something`);

    // Each allowed user gets a fresh world, so one allowed change cannot prevent the next.
    for (const actor of allowed) {
      const fresh = actor === allowed[0] && refusals.length === 0 ? world : await createWorld();
      await spec.prepare?.(fresh);
      const freshPath = typeof spec.path === 'function' ? spec.path(fresh) : spec.path;
      const reply = await send(fresh, method, freshPath, actor, spec);
      assert.ok(reply.status >= 200 && reply.status < 300, `${key} as ${actor}: expected success, got ${reply.status} ${JSON.stringify(reply.body)}`);
      spec.check?.(actor, reply.body);
    }
  });
}

Matrix.run();
