// The map's accessible alternative: every EPCI with the same figures, sortable, exportable.
// The EPCI name is a button: choosing it selects the EPCI on the map and opens its panel.
import { DataTable, type Column } from '../data-table.tsx';
import { apiUrl } from '../../api.ts';
import { EPCI_TYPE_LABELS, formatDecimal, formatInt, formatKm, formatMasked, formatPct, outsideEpciLabel } from '../../format.ts';
import type { EpciCoverage, OutsideEpciCoverage, Reach } from './types.ts';

interface Props {
  caption: string;
  epcis: EpciCoverage[];
  query: Record<string, string | number>;
  distanceKm: number;
  selectedSiren?: string | null;
  onSelect?: (siren: string) => void;
  /** Small-number threshold when the figures are masked (coverage.disclosure) */
  threshold?: number;
  /** false: no CSV/XLSX/GeoJSON links (e.g. when the page offers its own). */
  exports?: boolean;
  /** TESS is among the schemes: a column for the EPCIs with a TESS-funded ESS action plan */
  showTess?: boolean;
}

/**
 * The communes in no EPCI, beside the EPCI table: not an EPCI, but their population and beneficiaries
 * are in the region's totals.
 */
export function OutsideEpciTable(props: { outside: OutsideEpciCoverage; distanceKm: number; threshold?: number }) {
  const o = props.outside;
  const several = o.communes.length > 1;
  return (
    <DataTable<OutsideEpciCoverage>
      caption={several ? 'Communes hors EPCI (comptées ensemble)' : 'Commune hors EPCI'}
      rows={[o]}
      rowKey={() => 'hors-epci'}
      class="compact"
      columns={[
        { key: 'name', label: several ? 'Communes' : 'Commune', rowHeader: true, value: () => outsideEpciLabel(o.communes) },
        { key: 'population', label: 'Population', numeric: true, value: () => o.population, render: () => formatInt(o.population) },
        { key: 'beneficiaries', label: 'Bénéficiaires', numeric: true, value: () => o.beneficiaries, render: () => formatMasked(o.beneficiaries, o, 'beneficiaries', props.threshold) },
        { key: 'jobs', label: 'Emplois consolidés (ETP)', numeric: true, value: () => o.jobsConsolidated, render: () => formatMasked(o.jobsConsolidated, o, 'jobsConsolidated', props.threshold, formatDecimal) },
        { key: 'covered', label: 'Couvert', value: () => o.covered, render: () => yesNo(o.covered, 'Oui', 'Non', false) },
        { key: 'within', label: `Population à ${props.distanceKm} km d’un lieu`, numeric: true, value: () => o.populationWithinDistancePct, render: () => formatPct(o.populationWithinDistancePct) },
        { key: 'nearest', label: 'Distance moyenne au lieu le plus proche', numeric: true, value: () => o.nearestSiteKm, render: () => formatKm(o.nearestSiteKm) },
        { key: 'underserved', label: 'Sous-desservi', value: () => o.underserved, render: () => (o.underserved ? <span class="tag no">Oui</span> : <span class="tag">Non</span>) },
      ]}
    />
  );
}

/** « 3 / 1 / 0 » (+ « 2 non renseignés »), or « — » when not published. */
export function reachText(reach: Reach | null | undefined): string {
  if (!reach) return '—';
  const base = `${formatInt(reach.site)} / ${formatInt(reach.visit)} / ${formatInt(reach.distance)}`;
  return reach.unspecified ? `${base} (+ ${formatInt(reach.unspecified)} non renseigné${reach.unspecified > 1 ? 's' : ''})` : base;
}

const yesNo = (value: boolean, yes: string, no: string, bad: boolean) => (
  <span class={`tag ${value === bad ? 'no' : 'yes'}`}>{value ? yes : no}</span>
);

export function CoverageTable(props: Props) {
  const columns: Column<EpciCoverage>[] = [
    {
      key: 'name',
      label: 'EPCI',
      rowHeader: true,
      value: (e) => e.name,
      render: (e) =>
        props.onSelect ? (
          <button type="button" class="link-button" onClick={() => props.onSelect?.(e.siren)} aria-pressed={props.selectedSiren === e.siren}>
            {e.name}
            {e.interregional ? ' *' : ''}
          </button>
        ) : (
          `${e.name}${e.interregional ? ' *' : ''}`
        ),
    },
    { key: 'type', label: 'Type', value: (e) => e.typeLabel ?? EPCI_TYPE_LABELS[e.type] ?? e.type },
    { key: 'population', label: 'Population', numeric: true, value: (e) => e.population, render: (e) => formatInt(e.population) },
    { key: 'beneficiaries', label: 'Bénéficiaires', numeric: true, value: (e) => e.beneficiaries, render: (e) => formatMasked(e.beneficiaries, e, 'beneficiaries', props.threshold) },
    { key: 'per10k', label: 'Pour 10 000 hab.', numeric: true, value: (e) => e.per10k, render: (e) => formatMasked(e.per10k, e, 'per10k', props.threshold, formatDecimal) },
    {
      key: 'jobs',
      label: 'Emplois consolidés (ETP)',
      numeric: true,
      value: (e) => e.jobsConsolidated,
      render: (e) => formatMasked(e.jobsConsolidated, e, 'jobsConsolidated', props.threshold, formatDecimal),
    },
    { key: 'covered', label: 'Couvert', value: (e) => e.covered, render: (e) => yesNo(e.covered, 'Oui', 'Non', false) },
    {
      key: 'within',
      label: `Population à ${props.distanceKm} km d’un lieu`,
      numeric: true,
      value: (e) => e.populationWithinDistancePct,
      render: (e) => formatPct(e.populationWithinDistancePct),
    },
    { key: 'nearest', label: 'Distance moyenne au lieu le plus proche', numeric: true, value: (e) => e.nearestSiteKm, render: (e) => formatKm(e.nearestSiteKm) },
    {
      key: 'underserved',
      label: 'Sous-desservi',
      value: (e) => e.underserved,
      render: (e) => (e.underserved ? <span class="tag no">Oui</span> : <span class="tag">Non</span>),
    },
  ];
  // Issue 13: what the capacities lead to expect, and how people were reached.
  columns.push(
    {
      key: 'expected',
      label: 'Couverture attendue (capacités)',
      numeric: true,
      value: (e) => e.coverageProbability ?? null,
      render: (e) => (e.coverageProbability === undefined ? '—' : formatPct(e.coverageProbability * 100)),
    },
    {
      key: 'gap',
      label: 'Écart à l’attendu',
      value: (e) => e.expectedGap ?? false,
      render: (e) => (e.expectedGap ? <span class="tag no">Oui</span> : <span class="tag">Non</span>),
    },
    { key: 'reach', label: 'Sur site / visite / à distance', value: (e) => e.reach?.visit ?? null, render: (e) => reachText(e.reach) },
  );
  if (props.showTess) {
    columns.push({ key: 'tess', label: 'Plan d’action ESS (TESS)', value: (e) => e.tess ?? false, render: (e) => (e.tess ? <span class="tag yes">Oui</span> : '—') });
  }
  return (
    <DataTable
      caption={props.caption}
      columns={columns}
      rows={props.epcis}
      rowKey={(e) => e.siren}
      selectedKey={props.selectedSiren}
      initialSort={{ key: 'name', direction: 'ascending' }}
      exports={
        props.exports === false
          ? undefined
          : [
              { label: 'Excel (.xlsx)', href: apiUrl('/figures/coverage.xlsx', props.query) },
              { label: 'CSV pour les outils', href: apiUrl('/figures/coverage.csv', props.query) },
              { label: 'GeoJSON', href: apiUrl('/figures/coverage.geojson', props.query) },
            ]
      }
    />
  );
}
