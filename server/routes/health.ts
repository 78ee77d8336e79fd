import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps, AppEnv } from '../context.ts';

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/health', async (c) => {
    // A real round trip to the database: the health check fails when the database does.
    await sql`SELECT 1`.execute(deps.db);
    // Public settings the web front end needs before login: demo banner, optional background tiles.
    const demo = await deps.db.selectFrom('operators').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
    return c.json({
      status: 'ok',
      region: deps.geo.regionCode,
      epcis: deps.geo.epcis.size,
      communes: deps.geo.communes.size,
      demo: demo !== undefined,
      tilesUrl: deps.config.tilesUrl,
      tilesAttribution: deps.config.tilesAttribution,
    });
  });
}
