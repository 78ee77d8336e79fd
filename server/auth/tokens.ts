import { createHash, randomBytes } from 'node:crypto';

/** A random secret for cookies and API tokens (256 bits, base64url). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256: a database leak does not leak live sessions or tokens. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
