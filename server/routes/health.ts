import { Hono } from 'hono';
import { sql } from 'kysely';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { regionProfile } from '../../geo/region-profiles.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { jsonAnswer } from '../openapi.ts';

const RegionAnswer = z.object({
  code: z.string().describe('Code INSEE de la région'),
  name: z.string(),
  shortName: z.string(),
  authority: z.string().describe('« Région Hauts-de-France »'),
  inRegion: z.string().describe('« en Hauts-de-France »'),
  siren: z.string().nullable().describe('SIREN de la Région (collectivité)'),
});

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/region', describeRoute({ tags: ['Géographie'], summary: 'Le profil de la région servie : code, nom, forme courte, SIREN de la Région', responses: jsonAnswer(RegionAnswer, 'La région') }), (c) => {
      const profile = regionProfile(deps.geo.regionCode, deps.geo.regionName);
      return c.json({ code: profile.code, name: profile.name, shortName: profile.shortName, authority: profile.authority, inRegion: profile.inRegion, siren: profile.siren } satisfies z.infer<typeof RegionAnswer>);
    })
    .get('/health', async (c) => {
    // A real round trip to the database: the health check fails when the database does.
    await sql`SELECT 1`.execute(deps.db);
    // Public settings the web front end needs before login: demo banner, optional background tiles.
    const demo = await deps.db.selectFrom('operators').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
    const profile = regionProfile(deps.geo.regionCode, deps.geo.regionName);
    return c.json({
      status: 'ok',
      region: deps.geo.regionCode,
      regionName: profile.name,
      regionShortName: profile.shortName,
      regionAuthority: profile.authority,
      regionIn: profile.inRegion,
      epcis: deps.geo.epcis.size,
      communes: deps.geo.communes.size,
      demo: demo !== undefined,
      tilesUrl: deps.config.tilesUrl,
      tilesAttribution: deps.config.tilesAttribution,
    });
  });
}
