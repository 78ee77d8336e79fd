// Builds the real application on an in-memory database for route tests, and logs users in
// without going through the login route (whose own tests live in test/accounts).
import type { Db } from '../../db/database.ts';
import { freshDatabase } from './database.ts';
import type { Role } from '../../db/schema.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../server/auth/middleware.ts';
import { hashSecret, newSecret } from '../../server/auth/tokens.ts';
import { type Config, testConfig } from '../../server/config.ts';
import type { AppDeps } from '../../server/context.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Db;
  deps: AppDeps;
}

export async function createTestApp(config: Partial<Config> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const deps: AppDeps = { db, config: testConfig(config), geo: loadGeography('32') };
  return { app: createApp(deps), db, deps };
}

const now = () => new Date().toISOString();

/** Inserts an operator (if missing). */
export async function addOperator(db: Db, id: string, name = id): Promise<void> {
  await db
    .insertInto('operators')
    .values({ id, name, siren: null, created_at: now(), archived_at: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Creates a user with a session and returns the headers an authenticated browser would send
 * (cookie + CSRF token). The password hash is a placeholder: such users cannot log in by password.
 */
export async function sessionFor(
  db: Db,
  role: Role,
  operatorId: string | null = null,
  email = `${role}-${operatorId ?? 'x'}-${Math.random().toString(36).slice(2)}@test.example`,
): Promise<{ userId: number; headers: Record<string, string> }> {
  if (operatorId) await addOperator(db, operatorId);
  const user = await db
    .insertInto('users')
    .values({ email, password_hash: 'test-no-login', role, operator_id: operatorId, created_at: now(), locked_until: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const secret = newSecret();
  const csrf = newSecret();
  await db
    .insertInto('sessions')
    .values({ id: hashSecret(secret), user_id: user.id, csrf_token: csrf, created_at: now(), expires_at: new Date(Date.now() + 3600_000).toISOString() })
    .execute();
  return { userId: user.id, headers: { cookie: `${SESSION_COOKIE}=${secret}`, [CSRF_HEADER]: csrf } };
}

/** JSON request helper: `await call(app, 'POST', '/api/v1/…', headers, body)` → { status, body }. */
export async function call(
  app: TestApp['app'],
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON shapes
): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const response = await app.request(path, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV, HTML): keep the text
  }
  return { status: response.status, body: parsed };
}
