// Applies the password rule (server/auth/password-rule.ts) in the worker pool: zxcvbn may take a few
// hundred milliseconds on a long password, which the event loop must not spend.
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { runInWorker } from '../workers/pool.ts';

/** Throws 422 `weak_password`, with the reason in French under `details[0].field = 'password'`, when refused. */
export async function assertStrongPassword(config: Pick<Config, 'ingestThreads'>, password: string, email: string, field = 'password'): Promise<void> {
  const verdict = await runInWorker({ kind: 'password', password, email }, config.ingestThreads);
  if (!verdict.ok) throw new AppError(422, 'weak_password', verdict.message, [{ field, message: verdict.message }]);
}
