// A small world for the report routes: two operators under ACC'ESS agreements for 2025–2026, a Region
// user, one user per operator and a COTECH member.
import type { Config } from '../../server/config.ts';
import { addOperator, call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

export const PERIOD = '2025-Q1';
export const A = 'op-a';
export const B = 'op-b';
export const path = (operator: string, period = PERIOD, scheme = 'ACCESS') => `/api/v1/reports/${operator}/${scheme}/${period}`;

export interface World extends TestApp {
  region: Record<string, string>;
  regionId: number;
  opA: Record<string, string>;
  opAId: number;
  opB: Record<string, string>;
  cotech: Record<string, string>;
}

export async function addAgreement(world: TestApp, operator: string, scheme: string, start: string, end: string): Promise<void> {
  await addOperator(world.db, operator);
  await world.db
    .insertInto('agreements')
    .values({ operator_id: operator, scheme, start_date: start, end_date: end, created_at: new Date().toISOString() })
    .execute();
}

export async function createWorld(config: Partial<Config> = {}): Promise<World> {
  const app = await createTestApp(config);
  await addAgreement(app, A, 'ACCESS', '2025-01-01', '2026-12-31');
  await addAgreement(app, B, 'ACCESS', '2025-01-01', '2026-12-31');
  const region = await sessionFor(app.db, 'region');
  const opA = await sessionFor(app.db, 'operator', A);
  const opB = await sessionFor(app.db, 'operator', B);
  const cotech = await sessionFor(app.db, 'cotech');
  return {
    ...app,
    region: region.headers,
    regionId: region.userId,
    opA: opA.headers,
    opAId: opA.userId,
    opB: opB.headers,
    cotech: cotech.headers,
  };
}

/** A valid ACC'ESS line in the JSON upload format (English names). */
export function jsonLine(ref: string, overrides: Record<string, string | number | null> = {}) {
  return {
    beneficiary_ref: ref,
    beneficiary_type: 'porteur_projet',
    commune: '02691', // Saint-Quentin
    stage: 'creation',
    start_date: '2025-01-15',
    jobs_consolidated_fte: 0,
    jobs_created_fte: 1,
    ...overrides,
  };
}

export const jsonBody = (...refs: string[]) => ({ lines: refs.map((ref) => jsonLine(ref)) });

/** Uploads `count` clean lines as JSON and expects success. */
export async function uploadClean(world: World, headers: Record<string, string>, operator = A, count = 2, period = PERIOD) {
  const refs = Array.from({ length: count }, (_, i) => `B-${i + 1}`);
  const response = await call(world.app, 'PUT', `${path(operator, period)}/lines`, headers, jsonBody(...refs));
  if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { revision: number; lineCount: number };
}

/** Sends a raw body (CSV, XLSX bytes) with a content type. */
export async function send(
  world: TestApp,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
  contentType: string,
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON shapes
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await world.app.request(url, { method, headers: { ...headers, 'content-type': contentType }, body: body as BodyInit });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
