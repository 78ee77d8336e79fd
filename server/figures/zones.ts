// Vigilance zones (roadmap Part 3 §4b): named sets of EPCIs the Region follows closely.
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import type { ZoneAnswer } from './answers.ts';
import type { z } from 'zod';

/** French alphabetical order (one collator: `localeCompare(x, 'fr')` builds one per call). */
const frenchOrder = new Intl.Collator('fr');

export type ZoneView = z.infer<typeof ZoneAnswer>;

/** Every zone with its EPCIs (names from the geography), sorted by name. */
export async function listZones(db: Db, geo: Geography): Promise<ZoneView[]> {
  const zones = await db.selectFrom('vigilance_zones').selectAll().orderBy('name').execute();
  const members = await db.selectFrom('vigilance_zone_epcis').selectAll().orderBy('epci_siren').execute();
  return zones.map((z) => ({
    id: z.id,
    name: z.name,
    description: z.description,
    createdAt: z.created_at,
    epcis: members
      .filter((m) => m.zone_id === z.id)
      .map((m) => ({ siren: m.epci_siren, name: geo.epcis.get(m.epci_siren)?.name ?? m.epci_siren }))
      .sort((a, b) => frenchOrder.compare(a.name, b.name)),
  }));
}

export async function getZone(db: Db, geo: Geography, id: string): Promise<ZoneView | undefined> {
  return (await listZones(db, geo)).find((z) => z.id === id);
}

/** A URL-safe id from a name: 'Cœur de l’Aisne' → 'coeur-de-l-aisne'. */
export function zoneSlug(name: string): string {
  return (
    name
      .replace(/œ/g, 'oe')
      .replace(/Œ/g, 'Oe')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join('-')
      .slice(0, 60) || 'zone'
  );
}
