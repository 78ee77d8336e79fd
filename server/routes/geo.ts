// The region's reference geography: public (no login), cacheable (Cache-Control + ETag, 304 on If-None-Match).
import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { Commune } from '../../geo/geography.ts';
import { locatePoint, resolveCommune, searchCommunes } from '../../geo/lookup.ts';
import { mapLayers } from '../../geo/map-layers.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { jsonAnswer } from '../openapi.ts';
import { valid } from '../validation.ts';

const tags = ['Géographie'];
/** Reference data changes only with a new build of the geography: an hour of caching, then revalidation by ETag. */
const CACHE_CONTROL = 'public, max-age=3600';

const SearchQuery = z.object({
  q: z.string({ error: 'texte à chercher requis (nom, code INSEE ou code postal)' }).trim().min(1, 'texte à chercher vide').max(100, '100 caractères au plus'),
  limit: z.coerce.number().int('entier attendu').min(1, 'au moins 1').max(20, '20 au plus').default(20),
});
const CodeParam = z.object({
  code: z.string().regex(/^\s*(\d{5}|2[AB]\d{3})\s*$/i, 'code INSEE à 5 caractères attendu (ex. 59350)'),
});
const LocateQuery = z.object({
  lon: z.coerce.number({ error: 'longitude (degrés) attendue' }).min(-180, 'longitude entre -180 et 180').max(180, 'longitude entre -180 et 180'),
  lat: z.coerce.number({ error: 'latitude (degrés) attendue' }).min(-90, 'latitude entre -90 et 90').max(90, 'latitude entre -90 et 90'),
});

// The answers' shapes, stated in the OpenAPI document; the routes check theirs against them (`satisfies`).
const CommuneAnswer = z.object({
  code: z.string().describe('Code INSEE actuel'),
  name: z.string(),
  postcodes: z.array(z.string()),
  epciSiren: z.string(),
  epciName: z.string().nullable(),
  departement: z.string(),
  population: z.number().int(),
  lon: z.number(),
  lat: z.number(),
});
const CommuneSearchAnswer = z.object({ query: z.string(), communes: z.array(CommuneAnswer) });
const CommuneDetailAnswer = CommuneAnswer.extend({
  requestedCode: z.string(),
  absorbedCodes: z.array(z.string()).describe('Anciens codes INSEE des communes fusionnées dans celle-ci'),
});
const LocateAnswer = z.object({
  commune: CommuneAnswer,
  epci: z.object({ siren: z.string(), name: z.string(), type: z.enum(['METRO', 'CU', 'CA', 'CC']), interregional: z.boolean() }).nullable(),
});
const Feature = (properties: string) =>
  z.object({
    type: z.literal('Feature'),
    properties: z.record(z.string(), z.unknown()).describe(properties),
    geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
  });
const FeatureCollection = (properties: string) => z.object({ type: z.literal('FeatureCollection'), features: z.array(Feature(properties)) });
const geoJsonAnswer = (description: string, schema: z.ZodType) => ({
  200: { description, content: { 'application/geo+json': { schema: resolver(schema) } } },
  304: { description: 'Inchangé depuis la version de l’en-tête If-None-Match' },
});

const etags = new WeakMap<object, string>();

/** Answers a JSON body with caching headers, or 304 when the client already has this version. */
function reference(c: Context<AppEnv>, body: string, contentType = 'application/json; charset=utf-8', key?: object) {
  let etag = key ? etags.get(key) : undefined;
  if (!etag) {
    etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (key) etags.set(key, etag);
  }
  c.header('Cache-Control', CACHE_CONTROL);
  c.header('ETag', etag);
  const wanted = c.req.header('If-None-Match');
  if (wanted?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return c.body(null, 304);
  c.header('Content-Type', contentType);
  return c.body(body);
}

const serialized = new WeakMap<object, string>();
function json(value: object): string {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return text;
}

export function geoRoutes(deps: AppDeps) {
  const { geo } = deps;
  const communeView = (commune: Commune) => ({
    code: commune.code,
    name: commune.name,
    postcodes: commune.postcodes,
    epciSiren: commune.epciSiren,
    epciName: geo.epcis.get(commune.epciSiren)?.name ?? null,
    departement: commune.departement,
    population: commune.population,
    lon: commune.lon,
    lat: commune.lat,
  });
  const absorbedCodes = new Map<string, string[]>();
  for (const [code, current] of geo.communeCodeAliases) {
    if (code !== current) absorbedCodes.set(current, [...(absorbedCodes.get(current) ?? []), code].sort());
  }

  return new Hono<AppEnv>()
    .get(
      '/geo/epcis',
      describeRoute({ tags, summary: 'EPCI de la région (GeoJSON simplifié : siren, name, type, population, departements, interregional, areaKm2)', responses: geoJsonAnswer('Les EPCI', FeatureCollection('siren, name, type, population, departements, interregional, areaKm2')) }),
      (c) => {
        const { epcis } = mapLayers(geo);
        return reference(c, json(epcis), 'application/geo+json; charset=utf-8', epcis);
      },
    )
    .get('/geo/epcis.topojson', describeRoute({ tags, summary: 'Couche cartographique TopoJSON (EPCI, départements, région ; frontières partagées)' }), (c) => {
      const layers = mapLayers(geo);
      return reference(c, layers.topojson, 'application/json; charset=utf-8', layers);
    })
    .get('/geo/departements', describeRoute({ tags, summary: 'Départements de la région (GeoJSON simplifié)', responses: geoJsonAnswer('Les départements', FeatureCollection('code, name')) }), (c) => {
      const { departements } = mapLayers(geo);
      return reference(c, json(departements), 'application/geo+json; charset=utf-8', departements);
    })
    .get('/geo/region', describeRoute({ tags, summary: 'Contour de la région (GeoJSON simplifié)', responses: geoJsonAnswer('La région', Feature('code, name')) }), (c) => {
      const { region } = mapLayers(geo);
      return reference(c, json(region), 'application/geo+json; charset=utf-8', region);
    })
    .get(
      '/geo/communes',
      describeRoute({ tags, summary: 'Chercher une commune par nom, code INSEE (actuel ou ancien) ou code postal (20 résultats au plus)', responses: jsonAnswer(CommuneSearchAnswer, 'Les communes trouvées') }),
      valid('query', SearchQuery),
      (c) => {
        const { q, limit } = c.req.valid('query');
        return reference(c, JSON.stringify({ query: q, communes: searchCommunes(geo, q, limit).map(communeView) } satisfies z.infer<typeof CommuneSearchAnswer>));
      },
    )
    .get(
      '/geo/communes/:code',
      describeRoute({ tags, summary: 'Une commune, par code INSEE actuel ou absorbé (avec ses anciens codes et son EPCI)', responses: jsonAnswer(CommuneDetailAnswer, 'La commune') }),
      valid('param', CodeParam),
      (c) => {
        const { code } = c.req.valid('param');
        const commune = resolveCommune(geo, code.toUpperCase());
        if (!commune) throw new AppError(404, 'not_found', `Commune inconnue dans la région ${geo.regionName} : ${code.trim()}`);
        return reference(
          c,
          JSON.stringify({ ...communeView(commune), requestedCode: code.trim(), absorbedCodes: absorbedCodes.get(commune.code) ?? [] } satisfies z.infer<typeof CommuneDetailAnswer>),
        );
      },
    )
    .get(
      '/geo/locate',
      describeRoute({ tags, summary: 'Commune et EPCI sous un point (longitude, latitude WGS84)', responses: jsonAnswer(LocateAnswer, 'La commune et son EPCI') }),
      valid('query', LocateQuery),
      (c) => {
        const { lon, lat } = c.req.valid('query');
        const found = locatePoint(geo, lon, lat);
        if (!found) throw new AppError(404, 'not_found', `Aucune commune de la région ${geo.regionName} au point lon=${lon}, lat=${lat}`);
        const epci = found.epci ? { siren: found.epci.siren, name: found.epci.name, type: found.epci.type, interregional: found.epci.interregional } : null;
        return reference(c, JSON.stringify({ commune: communeView(found.commune), epci } satisfies z.infer<typeof LocateAnswer>));
      },
    );
}
