// Cohorts side by side: maps with the SAME classes (so colours compare), their key figures, and a table of
// every EPCI with the change between the first and the last cohort. Used by the live COTECH view and by a
// frozen meeting, which passes the figures it froze. A cohort with no due report yet shows « pas encore de
// données » instead of a map of gaps; one still being reported says so above its map and in the table.
import { useMemo } from 'preact/hooks';
import { cohortLabel, formatDecimal, formatInt, formatMasked, formatPct } from '../../format.ts';
import { classify, FIGURES } from '../../map/choropleth.ts';
import type { Figure } from '../../state.ts';
import { DataTable, type Column } from '../data-table.tsx';
import { EmptyState } from '../empty-state.tsx';
import { MapLegend } from '../map/map-legend.tsx';
import { type SiteView, TerritoryMap } from '../map/territory-map.tsx';
import { KeyFigures } from './coverage-summary.tsx';
import { epciStylesFor, figureValue, knownValues } from './epci-styles.ts';
import type { Coverage, EpciCoverage } from './types.ts';

export interface CohortView {
  from: number;
  to: number;
  coverage: Coverage | undefined;
  sites: SiteView[] | undefined;
}

interface Props {
  cohorts: CohortView[];
  figure: Figure;
  distanceKm: number;
  /** Still loading or failed elsewhere: keep the maps' placeholders */
  awaitingData?: boolean;
  tilesUrl?: string | null;
  tilesAttribution?: string | null;
  exports?: Array<{ label: string; href: string }>;
}

interface Row {
  siren: string;
  name: string;
  byCohort: Array<EpciCoverage | undefined>;
}

const labelOf = (c: { from: number; to: number }) => cohortLabel(c.from, c.to);

export function CohortComparison(props: Props) {
  const { figure, cohorts } = props;
  const def = FIGURES[figure];
  const loaded = cohorts.every((c) => c.coverage);
  // one set of classes over every cohort with data: the same colour means the same value on each map
  const classes = useMemo(
    () => (loaded ? classify(cohorts.flatMap((c) => (c.coverage?.reporting?.noDataYet ? [] : knownValues(c.coverage!.epcis, figure))), figure) : null),
    [loaded, ...cohorts.map((c) => c.coverage), figure],
  );
  const styles = useMemo(() => cohorts.map((c) => (c.coverage && classes ? epciStylesFor(c.coverage, figure, classes).styles : null)), [classes, ...cohorts.map((c) => c.coverage), figure]);
  const rows = useMemo<Row[]>(() => {
    if (!loaded) return [];
    const maps = cohorts.map((c) => new Map(c.coverage!.epcis.map((e) => [e.siren, e])));
    return cohorts[0].coverage!.epcis.map((e) => ({ siren: e.siren, name: e.name, byCohort: maps.map((m) => m.get(e.siren)) }));
  }, [loaded, ...cohorts.map((c) => c.coverage)]);
  const threshold = cohorts.find((c) => c.coverage?.disclosure)?.coverage?.disclosure?.threshold;
  const format = FIGURES[figure].unit === ' %' ? formatPct : def.integer ? formatInt : formatDecimal;
  const show = (e: EpciCoverage | undefined) => (e ? formatMasked(figureValue(e, figure), e, figure, threshold, format) : '—');
  const first = cohorts[0];
  const last = cohorts[cohorts.length - 1];
  const partial = (c: CohortView) => (c.coverage?.reporting && !c.coverage.reporting.complete ? c.coverage.reporting.label : null);
  const headerOf = (c: CohortView) => `${labelOf(c)}${partial(c) ? ' (partielle)' : ''}`;

  const columns: Column<Row>[] = [
    { key: 'name', label: 'EPCI', rowHeader: true, value: (r) => r.name },
    ...cohorts.map(
      (c, i): Column<Row> => ({
        key: `c${i}`,
        label: headerOf(c),
        numeric: true,
        value: (r) => (r.byCohort[i] ? figureValue(r.byCohort[i]!, figure) : null),
        render: (r) => show(r.byCohort[i]),
      }),
    ),
  ];
  if (cohorts.length > 1) {
    const diff = (r: Row) => {
      const a = r.byCohort[0] && figureValue(r.byCohort[0], figure);
      const b = r.byCohort[cohorts.length - 1] && figureValue(r.byCohort[cohorts.length - 1]!, figure);
      return a === null || a === undefined || b === null || b === undefined ? null : b - a;
    };
    columns.push(
      {
        key: 'diff',
        label: `Écart ${labelOf(first)} → ${labelOf(last)}${partial(last) || partial(first) ? ' (cohorte partielle)' : ''}`,
        numeric: true,
        value: diff,
        render: (r) => {
          const d = diff(r);
          return d === null ? '—' : `${d > 0 ? '+' : ''}${format(d)}`;
        },
      },
      ...cohorts.map(
        (c, i): Column<Row> => ({
          key: `covered${i}`,
          label: `Couvert ${labelOf(c)}`,
          value: (r) => r.byCohort[i]?.covered ?? null,
          render: (r) => (r.byCohort[i] ? (r.byCohort[i]!.covered ? 'Oui' : 'Non') : '—'),
        }),
      ),
      {
        key: 'underserved',
        label: `Sous-desservi (${cohorts.map(labelOf).join(' / ')})`,
        value: (r) => r.byCohort.filter((e) => e?.underserved).length,
        render: (r) => r.byCohort.map((e) => (e ? (e.underserved ? 'Oui' : 'Non') : '—')).join(' / '),
      },
      {
        key: 'gap',
        label: `Écart à l’attendu (${cohorts.map(labelOf).join(' / ')})`,
        value: (r) => r.byCohort.filter((e) => e?.expectedGap).length,
        render: (r) => r.byCohort.map((e) => (e?.expectedGap === undefined ? '—' : e.expectedGap ? 'Oui' : 'Non')).join(' / '),
      },
    );
  }

  // EPCIs with a TESS-funded ESS action plan are outlined when TESS is among the schemes compared.
  const withTess = cohorts.some((c) => c.coverage?.schemes.includes('TESS'));
  return (
    <>
      <div class="maps-with-legend">
      <div class="cohorts">
        {cohorts.map((c, i) => {
          const label = labelOf(c);
          const noData = c.coverage?.reporting?.noDataYet;
          return (
            <section aria-label={`Cohorte ${label}`} class="cohort" key={label + i}>
              <h2>Cohorte {label}</h2>
              {partial(c) && !noData && <p class="note partial-year">Chiffres partiels — {partial(c)}.</p>}
              {noData ? (
                <EmptyState>Cohorte {label} : pas encore de données. Aucun rapport de ces années n’est encore attendu.</EmptyState>
              ) : (
                <>
                  <TerritoryMap
                    class="small"
                    label={`Carte des EPCI : ${def.label}, cohorte ${label}`}
                    epciStyles={styles[i]}
                    awaitingData={!styles[i] && props.awaitingData !== false}
                    sites={c.sites}
                    distanceKm={props.distanceKm}
                    tessEpcis={c.coverage?.epcis.filter((e) => e.tess).map((e) => e.siren)}
                    showTess={withTess}
                    tilesUrl={props.tilesUrl}
                    tilesAttribution={props.tilesAttribution}
                  />
                  {c.coverage && <KeyFigures coverage={c.coverage} equity={false} />}
                </>
              )}
            </section>
          );
        })}
      </div>
      {classes && (
        <MapLegend
          figure={figure}
          classes={classes}
          distanceKm={props.distanceKm}
          maskedThreshold={threshold}
          showTess={withTess}
          outsideEpci={cohorts.some((c) => c.coverage?.outsideEpci)}
        />
      )}
      </div>
      {threshold !== undefined && <p class="note disclosure-note">{cohorts.find((c) => c.coverage?.disclosure)?.coverage?.disclosure?.rule}</p>}
      {rows.length > 0 && (
        <div class="page-break">
          <h2>Tableau des EPCI : {cohorts.map((c) => `cohorte ${labelOf(c)}`).join(', ')}</h2>
          <DataTable<Row>
            caption={`${def.label} : ${cohorts.map(labelOf).join(', ')}${cohorts.length > 1 ? ', et écart' : ''}`}
            rows={rows}
            rowKey={(r) => r.siren}
            class="compact"
            initialSort={{ key: 'name', direction: 'ascending' }}
            exports={props.exports}
            columns={columns}
          />
        </div>
      )}
    </>
  );
}
