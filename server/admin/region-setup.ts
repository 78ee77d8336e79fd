// What a new database carries that belongs to one region (issue 12): the Region operator of the direct aids
// is created under the first region's name and its default vigilance zones (migrations 003 and 004, the
// region 32 profile). At start, against the region actually served: the Region operator takes the region's
// name while it still has the default one, and another profile's default zones none of whose EPCIs is in
// this region's geography are removed (audited). A region's own defaults are left as they are.
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { REGION_PROFILES, regionProfile } from '../../geo/region-profiles.ts';
import { recordAudit } from '../audit.ts';
import { REGION_OPERATOR_ID } from './operators.ts';

/** The name migration 004 gives the Region operator: the first region's (code 32). */
const DEFAULT_OPERATOR_NAME = regionProfile('32').authority;

export async function alignWithRegion(db: Db, geo: Pick<Geography, 'regionCode' | 'regionName' | 'epcis'>): Promise<{ renamed: boolean; zonesRemoved: string[] }> {
  const profile = regionProfile(geo.regionCode, geo.regionName);
  return db.transaction().execute(async (trx) => {
    let renamed = false;
    if (profile.authority !== DEFAULT_OPERATOR_NAME) {
      const result = await trx.updateTable('operators').set({ name: profile.authority }).where('id', '=', REGION_OPERATOR_ID).where('name', '=', DEFAULT_OPERATOR_NAME).executeTakeFirst();
      renamed = Number(result.numUpdatedRows) > 0;
      if (renamed) await recordAudit(trx, { userId: null, action: 'operator.update', entity: 'operator', entityId: REGION_OPERATOR_ID, details: { name: { before: DEFAULT_OPERATOR_NAME, after: profile.authority }, reason: 'région servie' } });
    }
    const zonesRemoved: string[] = [];
    const othersDefaults = REGION_PROFILES.filter((p) => p.code !== profile.code).flatMap((p) => p.defaultZones.map((z) => z.id));
    for (const id of othersDefaults) {
      const members = await trx.selectFrom('vigilance_zone_epcis').select('epci_siren').where('zone_id', '=', id).execute();
      if (members.length === 0 || members.some((m) => geo.epcis.has(m.epci_siren))) continue;
      await trx.deleteFrom('vigilance_zone_epcis').where('zone_id', '=', id).execute();
      await trx.deleteFrom('vigilance_zones').where('id', '=', id).execute();
      await recordAudit(trx, { userId: null, action: 'zone.delete', entity: 'vigilance_zone', entityId: id, details: { reason: `zone par défaut d’une autre région que ${profile.name}`, epcis: members.map((m) => m.epci_siren) } });
      zonesRemoved.push(id);
    }
    return { renamed, zonesRemoved };
  });
}
