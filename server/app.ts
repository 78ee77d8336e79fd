import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { logger } from 'hono/logger';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { DatabaseBusyError, isDatabaseBusy } from '../db/database.ts';
import { authenticate } from './auth/middleware.ts';
import { limitBodies } from './edge/body-limit.ts';
import { ERROR_SCHEMA, openApiHandler } from './openapi.ts';
import { regionProfile } from '../geo/region-profiles.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { figuresRoutes } from './routes/figures.ts';
import { geoRoutes } from './routes/geo.ts';
import { healthRoutes } from './routes/health.ts';
import { reportRoutes } from './routes/reports.ts';
import { accountRecoveryRoutes } from './routes/account-recovery.ts';
import { meetingRoutes } from './routes/meetings.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { zoneRoutes } from './routes/zones.ts';

export const WEB_DIST = join(import.meta.dirname, '..', 'web', 'dist');

/** Builds the whole application; tests call `createApp(deps).request(...)` on an in-memory database. */
export function createApp(deps: AppDeps) {
  const api = new Hono<AppEnv>()
    .route('/', healthRoutes(deps))
    .route('/', accountRoutes(deps))
    .route('/', adminRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', geoRoutes(deps))
    .route('/', reportRoutes(deps))
    .route('/', figuresRoutes(deps))
    .route('/', zoneRoutes(deps))
    .route('/', meetingRoutes(deps))
    .route('/', accountRecoveryRoutes(deps))
    .route('/', notificationRoutes(deps))
    .route('/', outboxRoutes(deps));

  api.get(
    '/openapi.json',
    openApiHandler(api, {
      documentation: {
        info: {
          title: 'Territoires ESS API',
          version: '1',
          description:
            `Rapports trimestriels, chiffres et couverture territoriale des dispositifs ESS de la ${regionProfile(deps.geo.regionCode, deps.geo.regionName).authority}. ` +
            'Authentification : cookie de session (avec en-tête X-CSRF-Token pour les modifications) ou jeton Bearer.',
        },
        servers: [{ url: '/api/v1' }],
      },
      // Exports end in .csv/.xlsx/.geojson: they are routes, not static files.
      excludeStaticFile: false,
      // Every validator failure answers with the app's own error envelope (server/validation.ts).
      // Every validator failure answers with the app's own error envelope (server/validation.ts).
      defaultValidationErrorResponse: { description: 'Requête invalide', content: { 'application/json': { schema: ERROR_SCHEMA } } },
    }),
  );

  const app = new Hono<AppEnv>();
  if (deps.config.logRequests) app.use(logger());
  app.use(
    secureHeaders({
      // Everything is served from this origin: no CDN, works offline. Tiles, when configured, are images.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(deps.config.tilesUrl ? [new URL(deps.config.tilesUrl.replace(/\{[a-z]\}/gi, 'x')).origin] : [])],
        styleSrc: ["'self'", "'unsafe-inline'"], // Leaflet positions its panes with inline styles
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', limitBodies(deps.config));
  app.use('/api/*', async (c, next) => {
    await next();
    // Answers carry account data, report lines or figures about them: never kept by a browser or a proxy.
    // The reference geography is public and the same for everyone: it may be cached.
    if (!c.req.path.startsWith('/api/v1/geo/') || c.res.status >= 400) c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', compress()); // JSON, the EPCI layer and exports: gzip when the client accepts it
  app.use('/api/*', authenticate);
  app.route('/api/v1', api);
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'Route inconnue');
  });

  // The web front end: static files built by `npm run build`, and index.html for every client-side route.
  app.use('/assets/*', serveStatic({ root: WEB_DIST, rewriteRequestPath: (p) => p, precompressed: true })); // .br/.gz written by web/build.ts
  app.get('*', async (c) => {
    const index = join(WEB_DIST, 'index.html');
    if (!existsSync(index)) return c.text('Interface non construite : lancez « npm run build ».', 503);
    return c.html(await readFile(index, 'utf8'));
  });

  app.onError((error, c) => {
    const retryAfter = (seconds: number) => c.header('Retry-After', String(seconds));
    if (error instanceof AppError) {
      const wait = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof wait === 'number' && (error.status === 429 || error.status === 503)) retryAfter(wait);
      return c.json({ error: { code: error.code, message: error.message, details: detailsList(error.details) } }, error.status);
    }
    // Another process (a backup, a script) held the write lock past the wait: the transaction was rolled back.
    if (error instanceof DatabaseBusyError || isDatabaseBusy(error)) {
      retryAfter(5);
      return c.json(
        { error: { code: 'database_busy', message: 'Base de données occupée (sauvegarde ou maintenance en cours) : rien n’a été enregistré, réessayez dans quelques secondes.', details: [] } },
        503,
      );
    }
    // Hono's own HTTP errors (a malformed body, a header it refuses) carry a 4xx status: keep it, in French.
    const status = error instanceof HTTPException ? error.status : (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return c.json({ error: { code: 'bad_request', message: frenchHttpMessage(status), details: [] } }, status as 400);
    }
    // A URL whose percent-encoding is broken (%E9 alone, %zz) reaches the routes as a URIError.
    if (error instanceof URIError) {
      return c.json({ error: { code: 'bad_request', message: 'Adresse mal encodée : un caractère « % » n’est pas suivi d’un code UTF-8 valide', details: [] } }, 400);
    }
    console.error(error);
    return c.json({ error: { code: 'internal', message: 'Erreur interne du serveur' } }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

/**
 * One shape for `error.details` everywhere (issue 9): a list of { line?, column?, field?, value?, message }.
 * Domain errors that carry an object ({ status }, { periods }) list its entries; a wait is in Retry-After.
 * A detail located by a `path` (zod's dotted path) names it `field`, the one key clients read.
 */
function detailsList(details: unknown): unknown[] {
  if (Array.isArray(details)) {
    return details.map((detail) => {
      if (!detail || typeof detail !== 'object' || !('path' in detail)) return detail;
      const { path, ...rest } = detail as { path: unknown };
      return { field: path, ...rest };
    });
  }
  if (!details || typeof details !== 'object') return [];
  return Object.entries(details as Record<string, unknown>)
    .filter(([field]) => field !== 'retryAfterSeconds')
    .map(([field, value]) => ({ field, value, message: Array.isArray(value) ? value.join(', ') : String(value) }));
}

function frenchHttpMessage(status: number): string {
  if (status === 413) return 'Corps de requête trop volumineux';
  if (status === 415) return 'Type de contenu non pris en charge';
  if (status === 403) return 'Requête refusée';
  return 'Requête mal formée : corps, en-têtes ou paramètres illisibles';
}
