// The figures as flat tables (French headers) for CSV and XLSX exports, and coverage as GeoJSON.
import * as turf from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Geography } from '../../geo/geography.ts';
import { outsideEpciLabel } from '../../geo/labels.ts';
import { FAMILIES, SIZE_CLASSES } from '../domain/beneficiary-classes.ts';
import { mapLayers } from '../../geo/map-layers.ts';
import type { Sheet } from '../exports/xlsx.ts';
import type { PublicAgreementCoverage } from './agreements.ts';
import type { Completeness } from './completeness.ts';
import { type HiddenFields, shownValue } from './disclosure.ts';
import type { YearReporting } from './reporting.ts';
import type { Coverage, GroupSummary } from './coverage.ts';
import { STAGES, type YearFigures } from './targets.ts';

const STAGE_LABELS: Record<string, string> = {
  emergence: 'émergence',
  creation: 'création',
  developpement: 'développement',
  consolidation: 'consolidation',
};
const STATUS_LABELS: Record<string, string> = {
  expected: 'attendu',
  draft: 'brouillon',
  submitted: 'soumis',
  validated: 'validé',
  returned: 'renvoyé',
};
const BASIS_LABELS = { validated: 'rapports validés', submitted: 'rapports validés et soumis (provisoire)' };

export interface TargetsYear extends YearFigures {
  targets: { beneficiaries: number; jobsConsolidated: number };
  share: { beneficiaries: number | null; jobsConsolidated: number | null };
}

export function targetsSheet(
  years: ReadonlyArray<TargetsYear & { hidden?: HiddenFields; reporting?: YearReporting }>,
  schemeNames: ReadonlyMap<string, string>,
  basis: keyof typeof BASIS_LABELS,
  threshold = 0,
): Sheet {
  const schemes = [...new Set(years.flatMap((y) => Object.keys(y.beneficiaries.byScheme)))];
  return {
    name: 'Objectifs',
    header: [
      'Année',
      'Base',
      'Bénéficiaires distincts',
      'Accompagnements',
      ...schemes.map((s) => `Bénéficiaires ${schemeNames.get(s) ?? s}`),
      ...STAGES.map((s) => `Stade ${STAGE_LABELS[s]}`),
      'Emplois consolidés (ETP)',
      'Emplois créés (ETP)',
      'Objectif bénéficiaires',
      'Part atteinte bénéficiaires (%)',
      'Minimum attendu emplois consolidés',
      'Part atteinte emplois (%)',
      'EPCI soutenus par TESS (hors bénéficiaires)',
      'Déclarations',
      ...FAMILIES.map((f) => `Famille : ${f.label}`),
      ...SIZE_CLASSES.map((c) => `Taille : ${c.label}`),
    ],
    rows: years.map((y) => {
      const shown = <T>(field: string, value: T) => shownValue(value, y, field, threshold);
      const who = y as { byFamily?: Record<string, number | null>; bySize?: Record<string, number | null> };
      return [
        y.year,
        BASIS_LABELS[basis],
        shown('distinct', y.beneficiaries.distinct),
        shown('accompaniments', y.beneficiaries.accompaniments),
        ...schemes.map((s) => shown(`byScheme.${s}`, y.beneficiaries.byScheme[s] ?? 0)),
        ...STAGES.map((s) => shown(`byStage.${s}`, y.byStage[s])),
        shown('jobsConsolidated', y.jobsConsolidated),
        shown('jobsCreated', y.jobsCreated),
        y.targets.beneficiaries,
        shown('distinct', y.share.beneficiaries),
        y.targets.jobsConsolidated,
        shown('jobsConsolidated', y.share.jobsConsolidated),
        y.tessEpcis,
        y.reporting?.label ?? 'année complète',
        ...FAMILIES.map((f) => (who.byFamily ? shown(`byFamily.${f.code}`, who.byFamily[f.code] ?? 0) : null)),
        ...SIZE_CLASSES.map((c) => (who.bySize ? shown(`bySize.${c.code}`, who.bySize[c.code] ?? 0) : null)),
      ];
    }),
  };
}

export function coverageSheets(coverage: Coverage, threshold = 0): Sheet[] {
  // The API names zones by id; people read their names (issue 9).
  const zoneNames = new Map(coverage.summary.byZone.map((z) => [z.id, z.name]));
  const epcis: Sheet = {
    name: 'EPCI',
    header: [
      'SIREN', 'EPCI', 'Type', 'Départements', 'Interrégional (partie régionale seule)', 'Population', 'Bénéficiaires distincts',
      'Pour 10 000 habitants', 'Emplois consolidés (ETP)', 'Couvert', 'Sièges', 'Antennes', 'Permanences',
      'Distance moyenne au site le plus proche (km)', `Population à moins de ${coverage.distanceKm} km d’un site (%)`,
      'Bénéficiaires attendus (part de population)', 'p (test de Poisson)', 'Sous-desservi', 'Zones de vigilance',
      'Plan d’action ESS financé par TESS',
      'Couverture attendue des capacités (%)', 'Écart à l’attendu', 'Accompagnements sur site', 'En visite', 'À distance', 'Lieu non renseigné',
    ],
    rows: coverage.epcis.map((e) => {
      const shown = <T>(field: string, value: T) => shownValue(value, e as { hidden?: HiddenFields }, field, threshold);
      return [
        e.siren, e.name, e.typeLabel, e.departements.join(', '), e.interregional, e.population, shown('beneficiaries', e.beneficiaries),
        shown('per10k', e.per10k), shown('jobsConsolidated', e.jobsConsolidated), e.covered, e.sites.hq, e.sites.branch, e.sites.outreach,
        e.nearestSiteKm, e.populationWithinDistancePct, e.expected, shown('pValue', e.pValue), e.underserved,
        e.zones.map((id) => zoneNames.get(id) ?? id).join(', '), e.tess, ...equityCells(e),
      ];
    }),
  };
  // The communes in no EPCI, one row after the EPCIs: the column of beneficiaries then adds up to the region's.
  const outside = coverage.outsideEpci as (Coverage['outsideEpci'] & { hidden?: HiddenFields }) | null;
  if (outside) {
    const shown = <T>(field: string, value: T) => shownValue(value, outside, field, threshold);
    epcis.rows.push([
      '', outsideEpciLabel(outside.communes), 'Commune hors EPCI', outside.departements.join(', '), false, outside.population,
      shown('beneficiaries', outside.beneficiaries), shown('per10k', outside.per10k), shown('jobsConsolidated', outside.jobsConsolidated),
      outside.covered, null, null, null, outside.nearestSiteKm, outside.populationWithinDistancePct, outside.expected,
      shown('pValue', outside.pValue), outside.underserved, '', false, ...equityCells(outside),
    ]);
  }
  const groupHeader = ['EPCI', 'EPCI couverts', 'Population', 'Bénéficiaires distincts', 'Population couverte (%)', `Population à moins de ${coverage.distanceKm} km (%)`, 'EPCI sous-desservis'];
  const groupRow = (label: string, g: GroupSummary & { hidden?: HiddenFields }) => [
    label, g.epciTotal, g.epciCovered, g.population, shownValue(g.beneficiaries, g, 'beneficiaries', threshold),
    g.populationCoveredPct, g.populationWithinDistancePct, g.underserved,
  ];
  const summary: Sheet = {
    name: 'Synthèse',
    header: ['Regroupement', ...groupHeader],
    rows: [
      groupRow('Région', coverage.summary),
      ...coverage.summary.byType.map((g) => groupRow(g.label, g)),
      ...coverage.summary.byDepartement.map((g) => groupRow(`Département ${g.departement}`, g)),
      ...coverage.summary.byZone.map((g) => groupRow(`Zone : ${g.name}`, g)),
    ],
  };
  return [epcis, summary];
}

/** The equity cells of a territory's row (issue 13); reach is empty where the public version leaves it out. */
function equityCells(row: object): unknown[] {
  const e = row as { coverageProbability?: number; expectedGap?: boolean; reach?: { site: number; visit: number; distance: number; unspecified: number } | null };
  return [
    e.coverageProbability === undefined ? null : Math.round(e.coverageProbability * 10000) / 100,
    e.expectedGap ?? null,
    e.reach?.site ?? null, e.reach?.visit ?? null, e.reach?.distance ?? null, e.reach?.unspecified ?? null,
  ];
}

/** Agreements and their territorial gaps: one row per agreement, EPCIs by name. */
export function agreementsSheet(geo: Geography, agreements: ReadonlyArray<PublicAgreementCoverage>, threshold = 0): Sheet {
  const names = (sirens: readonly string[]) => sirens.map((s) => geo.epcis.get(s)?.name ?? s).join(', ');
  return {
    name: 'Conventions',
    header: [
      'Convention', 'Opérateur', 'Dispositif', 'Début', 'Fin', 'Capacité annuelle', 'Territoire', 'EPCI du territoire', 'EPCI couverts',
      'EPCI en écart', 'Bénéficiaires dans le territoire', 'Bénéficiaires hors du territoire', 'EPCI en écart (noms)',
    ],
    rows: agreements.map((a) => [
      a.id, a.operatorName, a.scheme, a.start, a.end, a.capacityPerYear,
      a.territory.epcis.length + a.territory.departements.length === 0 ? 'toute la région' : [...a.territory.departements.map((d) => `département ${d}`), names(a.territory.epcis)].filter(Boolean).join(', '),
      a.territoryEpcis.length, a.coveredEpcis.length, a.gapEpcis.length,
      shownValue(a.beneficiariesInside, a, 'beneficiariesInside', threshold), shownValue(a.beneficiariesOutside, a, 'beneficiariesOutside', threshold), names(a.gapEpcis),
    ]),
  };
}

export function completenessSheet(completeness: Completeness): Sheet {
  return {
    name: `Complétude ${completeness.year}`,
    header: ['Opérateur', 'Identifiant', 'Dispositif', 'Trimestre', 'Échéance', 'Attendu', 'Statut', 'Première soumission', 'Soumis', 'Validé', 'En retard', 'Manquant'],
    rows: completeness.rows.map((r) => [
      r.operatorName, r.operatorId, r.scheme, `T${r.quarter} ${completeness.year}`, r.due, r.expected === 1, STATUS_LABELS[r.status] ?? r.status,
      r.firstSubmittedOn, r.submitted === 1, r.validated === 1, r.late === 1, r.missing === 1,
    ]),
  };
}

/** Decimals of the GeoJSON export's coordinates: 4 ≈ 11 m (`precision=`, 4 to 6; the layer itself is drawn at ≈ 3 m). */
export const GEOJSON_DEFAULT_DECIMALS = 4;

/**
 * Rounds the coordinates, then drops the points rounding made identical (turf `cleanCoords`): at 4 decimals
 * four EPCIs of region 32 would otherwise repeat a vertex, which GIS validators refuse.
 */
const roundTo = (decimals: number) => {
  const f = 10 ** decimals;
  const point = (p: Position): Position => [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
  return (g: Polygon | MultiPolygon): Polygon | MultiPolygon =>
    turf.cleanCoords(
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(point)) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(point))) },
    ) as Polygon | MultiPolygon;
};

/**
 * EPCI polygons (the simplified map layer, geo/map-layers.ts) with their coverage figures as flat properties,
 * as GIS tools read them: lists joined, sites and reach in columns of their own. Coordinates rounded to
 * `decimals` (default 4, ≈ 11 m: the file stays under 120 KB gzipped; area error in server/figures/README.md).
 */
export function coverageGeoJson(geo: Geography, coverage: Coverage, decimals = GEOJSON_DEFAULT_DECIMALS): FeatureCollection {
  const shapes = new Map(mapLayers(geo).epcis.features.map((f) => [f.properties.siren, f.geometry]));
  const round = roundTo(decimals);
  return {
    type: 'FeatureCollection',
    features: coverage.epcis.flatMap((e) => {
      const shape = shapes.get(e.siren);
      if (!shape) return [];
      const { sites, departements, zones, hidden, reach, reachByScheme: _byScheme, ...figures } = e as typeof e & { hidden?: HiddenFields; reach?: { site: number; visit: number; distance: number; unspecified: number } | null; reachByScheme?: unknown };
      const properties = {
        ...figures,
        departements: departements.join(', '),
        zones: zones.join(', '),
        sitesHq: sites.hq,
        sitesBranch: sites.branch,
        sitesOutreach: sites.outreach,
        ...(reach !== undefined ? { reachSite: reach?.site ?? null, reachVisit: reach?.visit ?? null, reachDistance: reach?.distance ?? null, reachUnspecified: reach?.unspecified ?? null } : {}),
        ...(hidden ? { hidden: Object.entries(hidden).map(([field, reason]) => `${field}:${reason}`).join(', ') } : {}),
      };
      return [{ type: 'Feature' as const, id: e.siren, geometry: round(shape), properties }];
    }),
  };
}
