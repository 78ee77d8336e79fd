// Browser tests run against the real thing: the built front end served by the real server (temp
// SQLite file, region 32 geography, demo data), driven through Debian's Chromium by playwright-core.
// startRegionHarness() starts another region the same way, as `TERRITOIRES_REGION=52 npm start` would.
// One server and one browser are shared by all browser suites of a run (uvu runs them in one process
// and in sequence); each suite calls startHarness() in `before` and stopHarness() in `after`.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createDatabase, type Db } from '../../db/database.ts';
import { freshDatabase, TEST_POSTGRES_URL } from '../helpers/database.ts';
import type { Role } from '../../db/schema.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { alignWithRegion } from '../../server/admin/region-setup.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import type { AppDeps } from '../../server/context.ts';
import type { DemoLogin } from '../../server/demo/accounts.ts';
import { seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';
import { buildWeb } from '../../web/build.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  baseUrl: string;
  browser: Browser;
  db: Db;
  deps: AppDeps;
  /** The demo accounts (e-mail, password, role, operator). */
  logins: DemoLogin[];
  /** A fresh page in its own browser context (own cookies), French locale, desktop viewport. */
  newPage(): Promise<Page>;
}

let running: Promise<Harness & { close(): Promise<void> }> | null = null;
let users = 0;
let closeTimer: NodeJS.Timeout | null = null;
let built: Promise<unknown> | null = null;

/** Builds the web front end once per process. */
export function buildOnce(): Promise<unknown> {
  built ??= buildWeb();
  return built;
}

async function launch(regionCode = '32'): Promise<Harness & { close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tess-browser-'));
  // The suite's PostgreSQL pass drives the browser against PostgreSQL too.
  const db = TEST_POSTGRES_URL ? await freshDatabase() : await createDatabase(join(dir, 'test.sqlite'));
  const config = testConfig({ databasePath: join(dir, 'test.sqlite'), demo: true, regionCode });
  const deps: AppDeps = { db, config, geo: loadGeography(regionCode) };
  await alignWithRegion(db, deps.geo); // as server/main.ts does before seeding
  const [seed] = await Promise.all([seedDemoDataIfEmpty(deps), buildOnce()]);
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    baseUrl,
    browser,
    db,
    deps,
    logins: seed.logins,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', viewport: { width: 1360, height: 900 } });
      return context.newPage();
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A server + browser of its own for another region's demo; the caller closes it. */
export function startRegionHarness(regionCode: string): Promise<Harness & { close(): Promise<void> }> {
  return launch(regionCode);
}

/** Starts (or joins) the shared server + browser. */
export async function startHarness(): Promise<Harness> {
  users++;
  if (closeTimer) {
    clearTimeout(closeTimer);
    closeTimer = null;
  }
  running ??= launch();
  return running;
}

/**
 * Leaves the shared harness; the last suite out closes it (after a short grace period, so that the
 * next browser suite of the same run reuses it instead of starting a new server).
 */
export async function stopHarness(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users > 0 || !running) return;
  const current = running;
  closeTimer = setTimeout(() => {
    if (users === 0 && running === current) {
      running = null;
      void current.then((h) => h.close());
    }
  }, 300);
}

/** The demo account of a role (and operator, for operator accounts). */
export function demoLogin(harness: Harness, role: Role, operator?: string): DemoLogin {
  const login = harness.logins.find((l) => l.role === role && (!operator || l.operator === operator));
  if (!login) throw new Error(`no demo login for ${role}${operator ? ` ${operator}` : ''}`);
  return login;
}

/** Logs in through the login form and waits until the app has left /connexion. */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/** A fresh page logged in as the demo account of `role` (and `operator`), with the suites' 15 s timeout. */
export async function loggedInPage(harness: Harness, role: Role, operator?: string): Promise<Page> {
  const account = demoLogin(harness, role, operator);
  const page = await harness.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, account.email, account.password);
  return page;
}

/** Saves a full-page screenshot under test-output/screenshots/<name>.png (not committed). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: process.env.FULL_PAGE !== '0' });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource: Promise<string> | null = null;

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns the serious and critical
 * violations. axe is evaluated through the DevTools protocol, so the app's CSP stays enforced.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const source = await axeSource;
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at runtime and has no type here
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Readable one-line-per-violation text for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`).join('\n');
}

/**
 * The operator's latest expected report whose page offers an upload, read through the logged-in page's API.
 * @returns its scheme and quarter; throws when the demo data has none
 */
export async function expectedReportTakingUpload(page: Page, operator: string): Promise<{ scheme: string; period: string }> {
  const expected = (await (await page.request.get('/api/v1/reports?status=expected')).json()) as Array<{ scheme: string; period: string }>;
  expected.sort((a, b) => b.period.localeCompare(a.period));
  for (const candidate of expected) {
    const detail = (await (await page.request.get(`/api/v1/reports/${operator}/${candidate.scheme}/${candidate.period}`)).json()) as { actions?: string[] };
    if (detail.actions?.includes('upload')) return candidate;
  }
  throw new Error(`no expected report taking an upload for ${operator} in the demo data`);
}
