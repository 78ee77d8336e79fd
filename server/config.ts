import { resolve } from 'node:path';

export interface Config {
  port: number;
  /** Interface the HTTP server listens on: loopback by default; '0.0.0.0' behind a proxy or in a container. */
  host: string;
  /** SQLite file path, or ':memory:' (used when databaseUrl is null) */
  databasePath: string;
  /** PostgreSQL address (TERRITOIRES_DATABASE_URL, postgres://user:pass@host:5432/db), or null for SQLite */
  databaseUrl: string | null;
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
  /** Most data rows a report file may hold (beyond: refused before validation). */
  uploadMaxRows: number;
  /** Worker threads that parse and validate uploads off the main thread. */
  ingestThreads: number;
  /** How long a write waits for another process's write lock before answering 503, ms. */
  dbBusyWaitMs: number;
  /** The address users reach the application at (links in mails; an allowed Origin behind a proxy). */
  publicUrl: string | null;
  /** Optional background tile URL template for the map (e.g. an IGN Plan WMTS); none by default: offline. */
  tilesUrl: string | null;
  tilesAttribution: string | null;
  /** Cookies always get the Secure flag and the __Host- prefix (they get them anyway over HTTPS). */
  secureCookies: boolean;
  /** Log each request to stdout. */
  logRequests: boolean;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (login throttling by address). */
  trustedProxies: number;
  /** SMTP server mails go through (smtp://user:pass@host:587, STARTTLS where offered; smtps:// for TLS); none: no mail */
  smtpUrl: string | null;
  /** Sender of every mail */
  mailFrom: string;
  /** Run the mail scheduler (outbox delivery, reminders, digests) in this process. */
  mailScheduler: boolean;
  /** Time of day (Paris, HH:MM) of the daily reminders run (TERRITOIRES_REMINDERS_AT, default 07:00) */
  remindersAt: string;
}

class ConfigError extends Error {}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

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

/** Where the database is, for createDatabase: the PostgreSQL address when set, else the SQLite file. */
export const databaseLocation = (config: Pick<Config, 'databasePath' | 'databaseUrl'>): string => config.databaseUrl ?? config.databasePath;

/** The database as shown in logs: a PostgreSQL address without its password. */
export function databaseLabel(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return `SQLite, ${config.databasePath}`;
  const url = new URL(config.databaseUrl);
  url.password = url.password ? '***' : '';
  return `PostgreSQL, ${url.toString()}`;
}

/** Reads the environment once; fails fast naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const databasePath = env.TERRITOIRES_DB || './data/territoires-ess.sqlite';
  const databaseUrl = env.TERRITOIRES_DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/i.test(databaseUrl)) {
    throw new ConfigError('TERRITOIRES_DATABASE_URL must be a postgres:// address such as postgres://territoires:secret@db.region.example:5432/territoires');
  }
  const adminPassword = env.TERRITOIRES_ADMIN_PASSWORD || 'region-demo-2025';
  if (adminPassword.length < 10) throw new ConfigError('TERRITOIRES_ADMIN_PASSWORD must have at least 10 characters');
  const regionCode = env.TERRITOIRES_REGION || '32';
  if (!/^\d{2}$/.test(regionCode)) throw new ConfigError(`TERRITOIRES_REGION must be a 2-digit INSEE region code, got "${regionCode}"`);
  const publicUrl = env.TERRITOIRES_PUBLIC_URL || null;
  if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    throw new ConfigError(`TERRITOIRES_PUBLIC_URL must be an http(s) address such as https://ess.region.example, got "${publicUrl}"`);
  }
  const smtpUrl = env.TERRITOIRES_SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/\S+$/.test(smtpUrl)) throw new ConfigError('TERRITOIRES_SMTP_URL must be an smtp:// or smtps:// address such as smtp://user:pass@mail.region.example:587');
  const mailFrom = env.TERRITOIRES_MAIL_FROM || 'Territoires ESS <ne-pas-repondre@region.example>';
  if (!/^[^\r\n]{3,200}$/.test(mailFrom) || !mailFrom.includes('@')) throw new ConfigError(`TERRITOIRES_MAIL_FROM must be an address such as "Territoires ESS <ess@region.example>", got "${mailFrom}"`);
  const remindersAt = env.TERRITOIRES_REMINDERS_AT || '07:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(remindersAt)) throw new ConfigError(`TERRITOIRES_REMINDERS_AT must be a time of day HH:MM (Paris), got "${remindersAt}"`);
  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]{1,253}$/.test(host)) throw new ConfigError(`HOST must be an interface address or name (e.g. 127.0.0.1, 0.0.0.0), got "${host}"`);
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 1, 65535),
    host,
    databasePath: databasePath === ':memory:' ? databasePath : resolve(databasePath),
    databaseUrl,
    demo: flag(env, 'TERRITOIRES_DEMO', true),
    adminEmail: env.TERRITOIRES_ADMIN_EMAIL || 'admin@region.example',
    adminPassword,
    adminPasswordIsDefault: !env.TERRITOIRES_ADMIN_PASSWORD,
    regionCode,
    uploadLimitBytes: integer(env, 'TERRITOIRES_UPLOAD_LIMIT_MB', 10, 1, 500) * 1024 * 1024,
    uploadMaxRows: integer(env, 'TERRITOIRES_UPLOAD_MAX_ROWS', 50_000, 10, 1_000_000),
    ingestThreads: integer(env, 'TERRITOIRES_INGEST_THREADS', 1, 1, 16),
    dbBusyWaitMs: integer(env, 'TERRITOIRES_DB_BUSY_WAIT_MS', 5000, 0, 60_000),
    publicUrl: publicUrl ? withoutTrailingSlashes(publicUrl) : null,
    tilesUrl: env.TERRITOIRES_TILES_URL || null,
    tilesAttribution: env.TERRITOIRES_TILES_ATTRIBUTION || null,
    secureCookies: flag(env, 'TERRITOIRES_SECURE_COOKIES', false),
    logRequests: flag(env, 'TERRITOIRES_LOG_REQUESTS', false),
    trustedProxies: integer(env, 'TERRITOIRES_TRUSTED_PROXIES', 0, 0, 5),
    smtpUrl,
    mailFrom,
    mailScheduler: flag(env, 'TERRITOIRES_MAIL_SCHEDULER', true),
    remindersAt,
  });
}

/** The configuration tests start from: in-memory database, no demo data. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({ ...loadConfig({ TERRITOIRES_DB: ':memory:', TERRITOIRES_DEMO: '0' }), ...overrides });
}
