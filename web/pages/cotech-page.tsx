// COTECH: two cohorts side by side (maps with the SAME classes, so colours compare), their key
// figures, a table of both and the change per EPCI, and a print stylesheet for a committee handout.
import { useMemo, useState } from 'preact/hooks';
import { apiUrl } from '../api.ts';
import { CohortFields, CoverageControls } from '../components/coverage/coverage-controls.tsx';
import { KeyFigures } from '../components/coverage/coverage-summary.tsx';
import { epciStylesFor, figureValue } from '../components/coverage/epci-styles.ts';
import type { Coverage, EpciCoverage } from '../components/coverage/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { MapLegend } from '../components/map/map-legend.tsx';
import { type SiteView, TerritoryMap } from '../components/map/territory-map.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorMessage, Loading } from '../components/status.tsx';
import { BASIS_LABELS, cohortLabel, formatDateTime, formatDecimal, formatInt, formatPct } from '../format.ts';
import { classify, FIGURES } from '../map/choropleth.ts';
import { coverageQuery, type Filters, schemeNames, useAppState } from '../state.ts';
import { useApi } from '../use-api.ts';
import { sitesFor } from './map-page.tsx';

interface Row {
  siren: string;
  name: string;
  a: EpciCoverage;
  b: EpciCoverage | undefined;
}

export function CotechPage() {
  const state = useAppState();
  const shared = state.filters.value;
  const [cohortA, setCohortA] = useState({ from: 2024, to: 2024 });
  const [cohortB, setCohortB] = useState({ from: 2024, to: Math.max(2025, shared.to) });
  const filtersA: Filters = { ...shared, ...cohortA };
  const filtersB: Filters = { ...shared, ...cohortB };
  const a = useApi<Coverage>(shared.schemes.length ? apiUrl('/figures/coverage', coverageQuery(filtersA)) : null);
  const b = useApi<Coverage>(shared.schemes.length ? apiUrl('/figures/coverage', coverageQuery(filtersB)) : null);
  const sites = useApi<SiteView[]>('/sites');
  const figure = shared.figure;
  const def = FIGURES[figure];

  // one set of classes over both cohorts: the same colour means the same value on both maps
  const classes = useMemo(
    () => (a.data && b.data ? classify([...a.data.epcis, ...b.data.epcis].map((e) => figureValue(e, figure)), figure) : null),
    [a.data, b.data, figure],
  );
  const stylesA = useMemo(() => (a.data && classes ? epciStylesFor(a.data, figure, classes).styles : null), [a.data, classes, figure]);
  const stylesB = useMemo(() => (b.data && classes ? epciStylesFor(b.data, figure, classes).styles : null), [b.data, classes, figure]);
  const rows = useMemo<Row[]>(() => {
    if (!a.data || !b.data) return [];
    const bBySiren = new Map(b.data.epcis.map((e) => [e.siren, e]));
    return a.data.epcis.map((e) => ({ siren: e.siren, name: e.name, a: e, b: bBySiren.get(e.siren) }));
  }, [a.data, b.data]);
  // memoised: a new array would make each map redraw its markers on every render
  const sitesA = useMemo(() => sitesFor(sites.data, filtersA) ?? (sites.error ? [] : undefined), [sites.data, sites.error, filtersA.from, filtersA.to, shared.schemes]);
  const sitesB = useMemo(() => sitesFor(sites.data, filtersB) ?? (sites.error ? [] : undefined), [sites.data, sites.error, filtersB.from, filtersB.to, shared.schemes]);
  const labelA = cohortLabel(cohortA.from, cohortA.to);
  const labelB = cohortLabel(cohortB.from, cohortB.to);
  const value = (e: EpciCoverage | undefined) => (e ? figureValue(e, figure) : null);
  const show = (v: number | null) =>
    v === null ? '—' : figure === 'populationWithinDistancePct' ? formatPct(v) : def.integer ? formatInt(v) : formatDecimal(v);
  const generatedAt = b.data?.generatedAt ?? a.data?.generatedAt;

  const cohortView = (label: string, data: Coverage | undefined, styles: typeof stylesA, cohortSites: SiteView[] | undefined) => (
    <section aria-label={`Cohorte ${label}`}>
      <h2>Cohorte {label}</h2>
      <TerritoryMap
        class="small"
        label={`Carte des EPCI : ${def.label}, cohorte ${label}`}
        epciStyles={styles}
        awaitingData={!styles && shared.schemes.length > 0 && a.error === null && b.error === null}
        sites={cohortSites}
        distanceKm={shared.distanceKm}
        tilesUrl={state.server.value.tilesUrl}
        tilesAttribution={state.server.value.tilesAttribution}
      />
      {data && <KeyFigures coverage={data} />}
    </section>
  );

  return (
    <section class="cotech">
      <PageTitle title="Vue COTECH : comparaison de cohortes" />
      <div class="print-only">
        <p>
          <strong>{def.label}</strong> · dispositifs {schemeNames(shared.schemes)} · {BASIS_LABELS[shared.basis]} · distance {shared.distanceKm} km ·
          extraction du {formatDateTime(generatedAt)}
        </p>
      </div>
      <div class="no-print">
        <p>
          Comparez deux cohortes d’années sur la carte et dans le tableau. Les deux cartes utilisent les mêmes classes de couleur. Données
          extraites le {formatDateTime(generatedAt)}, {BASIS_LABELS[shared.basis]}.
        </p>
        <button type="button" class="button" onClick={() => window.print()}>
          Imprimer
        </button>
        <div class="cohorts" style={{ marginTop: '0.8rem' }}>
          <CohortFields value={{ ...shared, ...cohortA }} onChange={(p) => setCohortA({ from: p.from ?? cohortA.from, to: p.to ?? cohortA.to })} legend="Cohorte A" />
          <CohortFields value={{ ...shared, ...cohortB }} onChange={(p) => setCohortB({ from: p.from ?? cohortB.from, to: p.to ?? cohortB.to })} legend="Cohorte B" />
        </div>
        <details>
          <summary>Chiffre, dispositifs, rapports pris en compte, distance</summary>
          <CoverageControls value={shared} onChange={(patch) => state.setFilters(patch)} />
        </details>
      </div>
      <div aria-live="polite">
        {(a.loading || b.loading) && <Loading label="Calcul des deux cohortes…" />}
        {a.error !== null && <ErrorMessage error={a.error} onRetry={a.reload} title={`Cohorte ${labelA}`} />}
        {b.error !== null && <ErrorMessage error={b.error} onRetry={b.reload} title={`Cohorte ${labelB}`} />}
      </div>
      <div class="cohorts">
        {cohortView(labelA, a.data, stylesA, sitesA)}
        {cohortView(labelB, b.data, stylesB, sitesB)}
      </div>
      {classes && <MapLegend figure={figure} classes={classes} distanceKm={shared.distanceKm} />}
      {rows.length > 0 && (
        <div class="page-break">
          <h2>
            Tableau des EPCI : cohorte {labelA} et cohorte {labelB}
          </h2>
          <DataTable<Row>
            caption={`${def.label} : cohortes ${labelA} et ${labelB}, et écart`}
            rows={rows}
            rowKey={(r) => r.siren}
            class="compact"
            initialSort={{ key: 'name', direction: 'ascending' }}
            exports={[
              { label: `Excel (.xlsx) ${labelA}`, href: apiUrl('/figures/coverage.xlsx', coverageQuery(filtersA)) },
              { label: `Excel (.xlsx) ${labelB}`, href: apiUrl('/figures/coverage.xlsx', coverageQuery(filtersB)) },
              { label: `CSV pour les outils ${labelA}`, href: apiUrl('/figures/coverage.csv', coverageQuery(filtersA)) },
              { label: `CSV pour les outils ${labelB}`, href: apiUrl('/figures/coverage.csv', coverageQuery(filtersB)) },
            ]}
            columns={[
              { key: 'name', label: 'EPCI', rowHeader: true, value: (r) => r.name },
              { key: 'a', label: labelA, numeric: true, value: (r) => value(r.a), render: (r) => show(value(r.a)) },
              { key: 'b', label: labelB, numeric: true, value: (r) => value(r.b), render: (r) => show(value(r.b)) },
              {
                key: 'diff',
                label: 'Écart',
                numeric: true,
                value: (r) => (r.b ? value(r.b)! - value(r.a)! : null),
                render: (r) => {
                  if (!r.b) return '—';
                  const d = value(r.b)! - value(r.a)!;
                  return `${d > 0 ? '+' : ''}${show(d)}`;
                },
              },
              { key: 'coveredA', label: `Couvert ${labelA}`, value: (r) => r.a.covered, render: (r) => (r.a.covered ? 'Oui' : 'Non') },
              { key: 'coveredB', label: `Couvert ${labelB}`, value: (r) => r.b?.covered ?? null, render: (r) => (r.b ? (r.b.covered ? 'Oui' : 'Non') : '—') },
              {
                key: 'underserved',
                label: 'Sous-desservi (A / B)',
                value: (r) => Number(r.a.underserved) + Number(r.b?.underserved ?? 0),
                render: (r) => `${r.a.underserved ? 'Oui' : 'Non'} / ${r.b ? (r.b.underserved ? 'Oui' : 'Non') : '—'}`,
              },
            ]}
          />
        </div>
      )}
    </section>
  );
}
