// Users who log in with a real password, and a browser-like client that keeps the session cookie.
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { CSRF_HEADER } from '../../server/auth/middleware.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { addOperator, type TestApp } from '../helpers/app.ts';

export const PASSWORD = 'correct horse battery';

export async function addLoginUser(db: Db, email: string, role: Role = 'region', operatorId: string | null = null, password = PASSWORD): Promise<number> {
  if (operatorId) await addOperator(db, operatorId);
  const row = await db
    .insertInto('users')
    .values({ email, password_hash: await hashPassword(password), role, operator_id: operatorId, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON shapes
  body: any;
}

export async function request(app: TestApp['app'], method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
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
    // empty or not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Logs in through the API; @returns the headers a browser would send afterwards (cookie + CSRF token). */
export async function login(app: TestApp['app'], email: string, password = PASSWORD): Promise<Record<string, string>> {
  const reply = await request(app, 'POST', '/api/v1/session', {}, { email, password });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  const cookie = reply.headers.get('set-cookie')!.split(';')[0];
  return { cookie, [CSRF_HEADER]: reply.body.csrfToken };
}
