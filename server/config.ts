import { resolve } from 'node:path';

export interface Config {
  port: number;
  /** SQLite file path, or ':memory:' */
  databasePath: string;
  /** Seed demo data into an empty database at start. */
  demo: boolean;
  adminEmail: string;
  adminPassword: string;
  /** True when TERRITOIRES_ADMIN_PASSWORD was not set: acceptable for the demo only. */
  adminPasswordIsDefault: boolean;
  /** INSEE region code whose geography is loaded (32 = Hauts-de-France). */
  regionCode: string;
  /** Largest accepted report upload, in bytes. */
  uploadLimitBytes: number;
  /** Optional background tile URL template for the map (e.g. an IGN Plan WMTS); none by default: offline. */
  tilesUrl: string | null;
  tilesAttribution: string | null;
  /** Cookies get the Secure flag (set behind HTTPS). */
  secureCookies: boolean;
  /** Log each request to stdout. */
  logRequests: boolean;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (login throttling by address). */
  trustedProxies: number;
}

class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 0 or 1, got "${raw}"`);
}

/** Reads the environment once; fails fast naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const databasePath = env.TERRITOIRES_DB || './data/territoires-ess.sqlite';
  const adminPassword = env.TERRITOIRES_ADMIN_PASSWORD || 'region-demo-2025';
  if (adminPassword.length < 10) throw new ConfigError('TERRITOIRES_ADMIN_PASSWORD must have at least 10 characters');
  const regionCode = env.TERRITOIRES_REGION || '32';
  if (!/^\d{2}$/.test(regionCode)) throw new ConfigError(`TERRITOIRES_REGION must be a 2-digit INSEE region code, got "${regionCode}"`);
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 1, 65535),
    databasePath: databasePath === ':memory:' ? databasePath : resolve(databasePath),
    demo: flag(env, 'TERRITOIRES_DEMO', true),
    adminEmail: env.TERRITOIRES_ADMIN_EMAIL || 'admin@region.example',
    adminPassword,
    adminPasswordIsDefault: !env.TERRITOIRES_ADMIN_PASSWORD,
    regionCode,
    uploadLimitBytes: integer(env, 'TERRITOIRES_UPLOAD_LIMIT_MB', 10, 1, 500) * 1024 * 1024,
    tilesUrl: env.TERRITOIRES_TILES_URL || null,
    tilesAttribution: env.TERRITOIRES_TILES_ATTRIBUTION || null,
    secureCookies: flag(env, 'TERRITOIRES_SECURE_COOKIES', false),
    logRequests: flag(env, 'TERRITOIRES_LOG_REQUESTS', false),
    trustedProxies: integer(env, 'TERRITOIRES_TRUSTED_PROXIES', 0, 0, 5),
  });
}

/** The configuration tests start from: in-memory database, no demo data. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({ ...loadConfig({ TERRITOIRES_DB: ':memory:', TERRITOIRES_DEMO: '0' }), ...overrides });
}
