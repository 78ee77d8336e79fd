import { distance } from '@turf/turf';
import type { Db } from '../../db/database.ts';
import type { Site, SiteKind } from '../../db/schema.ts';
import type { Geography } from '../../geo/geography.ts';
import { resolveCommune } from '../../geo/lookup.ts';
import { AppError } from '../errors.ts';
import type { SiteView } from './answers.ts';

/** Coordinates farther than this from the commune's point are refused: most likely swapped or mistyped. */
export const MAX_SITE_DISTANCE_KM = 25;

export interface SiteFilter {
  id?: number;
  operator?: string;
  scheme?: string;
  kind?: SiteKind;
  openOn?: string;
}

export async function listSites(db: Db, geo: Geography, filter: SiteFilter): Promise<SiteView[]> {
  let query = db
    .selectFrom('sites')
    .innerJoin('operators', 'operators.id', 'sites.operator_id')
    .selectAll('sites')
    .select('operators.name as operator_name')
    .orderBy('sites.operator_id')
    .orderBy('sites.kind')
    .orderBy('sites.name');
  if (filter.id !== undefined) query = query.where('sites.id', '=', filter.id);
  if (filter.operator !== undefined) query = query.where('sites.operator_id', '=', filter.operator);
  if (filter.kind !== undefined) query = query.where('sites.kind', '=', filter.kind);
  if (filter.openOn !== undefined) {
    const day = filter.openOn;
    query = query.where('opened_on', '<=', day).where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', day)]));
  }
  if (filter.scheme !== undefined) {
    const scheme = filter.scheme;
    query = query.where('sites.id', 'in', (eb) => eb.selectFrom('site_schemes').select('site_id').where('scheme', '=', scheme));
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const links = await db.selectFrom('site_schemes').selectAll().where('site_id', 'in', rows.map((r) => r.id)).orderBy('scheme').execute();
  return rows.map((row) => toSiteView(geo, row, links.filter((l) => l.site_id === row.id).map((l) => l.scheme)));
}

function toSiteView(geo: Geography, row: Site & { operator_name: string }, schemes: string[]): SiteView {
  const commune = geo.communes.get(row.commune_code);
  return {
    id: row.id,
    operator: row.operator_id,
    operatorName: row.operator_name,
    kind: row.kind,
    name: row.name,
    address: row.address,
    commune: row.commune_code,
    communeName: commune?.name ?? null,
    epci: commune?.epciSiren ?? null,
    lat: row.lat,
    lon: row.lon,
    schemes,
    opened: row.opened_on,
    closed: row.closed_on,
    schedule: row.schedule,
    createdAt: row.created_at,
  };
}

export async function findSite(db: Db, geo: Geography, id: number): Promise<SiteView | undefined> {
  return (await listSites(db, geo, { id }))[0];
}

/**
 * The current INSEE code of a site's commune, given its code, current or absorbed by a merger (DOMAIN rule 6);
 * 422 when the region has no such commune. A 4-digit code is read as one that lost its leading zero in a spreadsheet.
 */
export function siteCommuneCode(geo: Geography, input: string): string {
  const code = input.trim().toUpperCase();
  const commune = resolveCommune(geo, code) ?? (/^\d{4}$/.test(code) ? resolveCommune(geo, `0${code}`) : undefined);
  if (!commune) {
    throw new AppError(422, 'unknown_commune', `Commune inconnue dans la région : « ${input} » (code INSEE à 5 caractères attendu, ex. 02691)`, [
      { path: 'commune', value: input, message: 'commune inconnue dans la région' },
    ]);
  }
  return commune.code;
}

/** The site's point: the given coordinates, checked against the commune, else the commune's own point. */
export function sitePoint(geo: Geography, communeCode: string, lat: number | null | undefined, lon: number | null | undefined): { lat: number; lon: number } {
  const commune = geo.communes.get(communeCode)!;
  if (lat == null || lon == null) return { lat: commune.lat, lon: commune.lon };
  const km = distance([lon, lat], [commune.lon, commune.lat], { units: 'kilometers' });
  if (km > MAX_SITE_DISTANCE_KM) {
    throw new AppError(
      422,
      'site_far_from_commune',
      `Les coordonnées (${lat}, ${lon}) sont à ${Math.round(km)} km de ${commune.name} (${communeCode}) : ` +
        `plus de ${MAX_SITE_DISTANCE_KM} km. Latitude et longitude inversées ?`,
      [
        { path: 'lat', value: lat, message: `à ${Math.round(km)} km de la commune` },
        { path: 'lon', value: lon, message: `à ${Math.round(km)} km de la commune` },
      ],
    );
  }
  return { lat, lon };
}

export async function writeSiteSchemes(db: Db, siteId: number, schemes: string[]): Promise<void> {
  await db.deleteFrom('site_schemes').where('site_id', '=', siteId).execute();
  const rows = [...new Set(schemes)].map((scheme) => ({ site_id: siteId, scheme }));
  if (rows.length > 0) await db.insertInto('site_schemes').values(rows).execute();
}
