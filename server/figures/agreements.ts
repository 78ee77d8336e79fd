// Coverage inside each agreed territory (issue 13): the territory an agreement commits its operator to
// (EPCIs or départements; none = the whole region), which of its EPCIs got beneficiaries of that operator ×
// scheme over the cohort or have one of its sites offering the scheme within the distance, and which are
// the agreement's gaps. Beneficiaries located outside the territory are counted apart, not as coverage.
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { type Basis, factStore } from './facts.ts';
import { nearestDistancesKm } from './presence.ts';
import { EPCI_SCHEME } from './targets.ts';

export interface AgreementCoverage {
  id: number;
  operator: string;
  operatorName: string;
  scheme: string;
  start: string;
  end: string;
  capacityPerYear: number | null;
  territory: { epcis: string[]; departements: string[] };
  /** The EPCIs the territory commits to: listed ones, those with a commune in a listed département, or all */
  territoryEpcis: string[];
  withBeneficiaries: string[];
  withSite: string[];
  /** With beneficiaries or a site within the distance */
  coveredEpcis: string[];
  gapEpcis: string[];
  /** Distinct beneficiaries of the operator × scheme over the cohort, inside and outside the territory */
  beneficiariesInside: number;
  beneficiariesOutside: number;
}

/** As partners may see it (disclosure.ts): small beneficiary counts null, the reason in `hidden`. */
export type PublicAgreementCoverage = Omit<AgreementCoverage, 'beneficiariesInside' | 'beneficiariesOutside'> & {
  beneficiariesInside: number | null;
  beneficiariesOutside: number | null;
  hidden?: Record<string, 'small' | 'complement'>;
};

export interface AgreementCoverageParams {
  basis: Basis;
  from: number;
  to: number;
  distanceKm: number;
  /** One operator's agreements only */
  operatorId?: string | null;
}

const frenchOrder = new Intl.Collator('fr');

export async function agreementCoverage(db: Db, geo: Geography, params: AgreementCoverageParams): Promise<AgreementCoverage[]> {
  const start = `${params.from}-01-01`;
  const end = `${params.to}-12-31`;
  let query = db
    .selectFrom('agreements')
    .innerJoin('operators', 'operators.id', 'agreements.operator_id')
    .select(['agreements.id', 'agreements.operator_id', 'operators.name as operator_name', 'agreements.scheme', 'agreements.start_date', 'agreements.end_date', 'agreements.capacity_per_year'])
    .where('agreements.scheme', '!=', EPCI_SCHEME)
    .where('agreements.start_date', '<=', end)
    .where('agreements.end_date', '>=', start);
  if (params.operatorId) query = query.where('agreements.operator_id', '=', params.operatorId);
  const agreements = await query.orderBy('operators.name').orderBy('agreements.scheme').orderBy('agreements.start_date').execute();
  if (agreements.length === 0) return [];
  const ids = agreements.map((a) => a.id);
  const territories = await db.selectFrom('agreement_territories').selectAll().where('agreement_id', 'in', ids).execute();
  const sites = await db
    .selectFrom('sites')
    .innerJoin('site_schemes', 'site_schemes.site_id', 'sites.id')
    .select(['sites.operator_id', 'site_schemes.scheme', 'sites.lon', 'sites.lat', 'sites.opened_on', 'sites.closed_on'])
    .where('sites.operator_id', 'in', [...new Set(agreements.map((a) => a.operator_id))])
    .execute();

  // Beneficiaries per operator × scheme: identity → its EPCIs, over the cohort's years.
  const store = factStore(db);
  const years: number[] = [];
  for (let y = params.from; y <= params.to; y++) years.push(y);
  const blocks = await store.blocksFor(params.basis, years);
  const located = new Map<string, Map<number, Set<string>>>();
  for (const block of blocks) {
    for (let i = 0; i < block.length; i++) {
      const key = `${store.operators.names[block.operator[i]]}\u0000${store.schemes.names[block.scheme[i]]}`;
      let byIdentity = located.get(key);
      if (!byIdentity) {
        byIdentity = new Map();
        located.set(key, byIdentity);
      }
      const epcis = byIdentity.get(block.identity[i]) ?? new Set<string>();
      epcis.add(store.epcis.names[block.epci[i]]);
      byIdentity.set(block.identity[i], epcis);
    }
  }

  const epciByName = [...geo.epcis.values()].sort((a, b) => frenchOrder.compare(a.name, b.name));
  return agreements.map((a) => {
    const own = territories.filter((t) => t.agreement_id === a.id);
    const territory = { epcis: own.filter((t) => t.kind === 'epci').map((t) => t.code).sort(), departements: own.filter((t) => t.kind === 'departement').map((t) => t.code).sort() };
    const whole = territory.epcis.length === 0 && territory.departements.length === 0;
    const inTerritory = epciByName.filter(
      (e) => whole || territory.epcis.includes(e.siren) || e.departements.some((d) => territory.departements.includes(d)),
    );
    const inside = new Set(inTerritory.map((e) => e.siren));

    const withBeneficiaries = new Set<string>();
    let beneficiariesInside = 0;
    let beneficiariesOutside = 0;
    for (const epcis of located.get(`${a.operator_id}\u0000${a.scheme}`)?.values() ?? []) {
      let counted = false;
      for (const siren of epcis) {
        if (!inside.has(siren)) continue;
        withBeneficiaries.add(siren);
        counted = true;
      }
      if (counted) beneficiariesInside++;
      else beneficiariesOutside++;
    }

    // The operator's sites offering the scheme, open at some point of both the cohort and the agreement.
    const from = a.start_date > start ? a.start_date : start;
    const to = a.end_date < end ? a.end_date : end;
    const open = sites.filter((s) => s.operator_id === a.operator_id && s.scheme === a.scheme && s.opened_on <= to && (s.closed_on === null || s.closed_on >= from));
    const targets = open.map((s) => [s.lon, s.lat] as const);
    const withSite = new Set<string>();
    if (targets.length > 0) {
      for (const epci of inTerritory) {
        const points = epci.communeCodes.flatMap((code) => {
          const c = geo.communes.get(code);
          return c ? [[c.lon, c.lat] as const] : [];
        });
        if (nearestDistancesKm(points, targets).some((km) => km !== null && km <= params.distanceKm)) withSite.add(epci.siren);
      }
    }
    const covered = inTerritory.filter((e) => withBeneficiaries.has(e.siren) || withSite.has(e.siren)).map((e) => e.siren);
    return {
      id: a.id,
      operator: a.operator_id,
      operatorName: a.operator_name,
      scheme: a.scheme,
      start: a.start_date,
      end: a.end_date,
      capacityPerYear: a.capacity_per_year,
      territory,
      territoryEpcis: inTerritory.map((e) => e.siren),
      withBeneficiaries: inTerritory.filter((e) => withBeneficiaries.has(e.siren)).map((e) => e.siren),
      withSite: inTerritory.filter((e) => withSite.has(e.siren)).map((e) => e.siren),
      coveredEpcis: covered,
      gapEpcis: inTerritory.filter((e) => !withBeneficiaries.has(e.siren) && !withSite.has(e.siren)).map((e) => e.siren),
      beneficiariesInside,
      beneficiariesOutside,
    };
  });
}
