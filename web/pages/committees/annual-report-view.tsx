// The COPRESS yearly report (roadmap Part 4): the year against 700 beneficiaries and 4,000 consolidated
// jobs, per scheme and direct aid, per stage, coverage per EPCI type, zone and département, reporting per
// operator, the coverage map and the cohort since 2024. Drawn from a live answer or a frozen meeting.
import { useMemo } from 'preact/hooks';
import { GroupTable, KeyFigures } from '../../components/coverage/coverage-summary.tsx';
import { epciStylesFor } from '../../components/coverage/epci-styles.ts';
import { ReportingNotes } from '../../components/coverage/reporting-notes.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { MapLegend } from '../../components/map/map-legend.tsx';
import { type SiteView, TerritoryMap } from '../../components/map/territory-map.tsx';
import { formatDecimal, formatInt, formatMasked, formatPct } from '../../format.ts';
import type { CompletenessTotals } from '../completeness-model.ts';
import { TargetsTable } from './targets-table.tsx';
import { WhoIsReached } from '../../components/who-is-reached.tsx';
import type { AnnualReport } from './types.ts';

const STAGES: Array<[string, string]> = [
  ['emergence', 'Émergence'],
  ['creation', 'Création'],
  ['developpement', 'Développement'],
  ['consolidation', 'Consolidation'],
];

type OperatorRow = CompletenessTotals & { operatorId: string; operatorName: string };

/** `sites`: every site (the view keeps those open during the year for its schemes); undefined while loading. */
export function AnnualReportView(props: { report: AnnualReport; sites: SiteView[] | undefined; tilesUrl?: string | null; tilesAttribution?: string | null }) {
  const { report } = props;
  const year = report.targets;
  const threshold = report.disclosure?.threshold;
  const shown = (field: string, value: number | null, format = formatInt) => formatMasked(value, year, field, threshold, format);
  const styled = useMemo(() => (report.coverage.reporting?.noDataYet ? null : epciStylesFor(report.coverage, 'beneficiaries')), [report.coverage]);
  const { summary } = report.coverage;
  const yearSites = useMemo(
    () => props.sites?.filter((s) => (!s.opened || s.opened <= `${report.year}-12-31`) && (!s.closed || s.closed >= `${report.year}-01-01`) && s.schemes.some((c) => report.coverage.schemes.includes(c))),
    [props.sites, report.year, report.coverage.schemes],
  );
  return (
    <div class="annual-report">
      {year.reporting && !year.reporting.complete && (
        <p class="note partial-year">
          <strong>Année {report.year} non close</strong> — {year.reporting.label} ; projection de fin d’année : {year.projection?.description ?? 'aucune (aucun trimestre échu).'}
        </p>
      )}
      {report.disclosure && <p class="note disclosure-note">{report.disclosure.rule}</p>}
      <h2>Objectifs {report.year}</h2>
      <ul class="key-figures">
        <li>
          <span class="value">{shown('distinct', year.beneficiaries.distinct)}</span>
          bénéficiaires distincts, pour un objectif de {formatInt(year.targets.beneficiaries)} ({year.hidden?.distinct ? '—' : formatPct(year.share.beneficiaries, 1)})
        </li>
        <li>
          <span class="value">{shown('jobsConsolidated', year.jobsConsolidated, formatDecimal)}</span>
          emplois consolidés (ETP), minimum attendu {formatInt(year.targets.jobsConsolidated)}
        </li>
        {year.projection && (
          <li>
            <span class="value">
              {formatInt(year.projection.beneficiaries)} / {formatInt(year.projection.jobsConsolidated)}
            </span>
            projection de fin d’année (bénéficiaires / emplois), sur les trimestres T1–T{year.projection.basedOnQuarter}
          </li>
        )}
        <li>
          <span class="value">
            {formatInt(summary.epciCovered)} / {formatInt(summary.epciTotal)}
          </span>
          EPCI couverts en {report.year}
        </li>
      </ul>
      <div class="charts">
        <div class="summary-block">
          <DataTable
            caption={`Bénéficiaires ${report.year} par dispositif et aide directe`}
            rows={report.schemes}
            rowKey={(s) => s.code}
            class="compact"
            columns={[
              { key: 'name', label: 'Dispositif', rowHeader: true, value: (s) => s.name },
              { key: 'kind', label: 'Nature', value: (s) => (s.kind === 'operator' ? 'dispositif opérateur' : 'aide directe') },
              {
                key: 'n',
                label: 'Bénéficiaires',
                numeric: true,
                value: (s) => s.beneficiaries ?? s.epcis ?? null,
                render: (s) => (s.epcis !== undefined ? `${formatInt(s.epcis)} EPCI soutenus (hors bénéficiaires)` : formatMasked(s.beneficiaries, s, 'beneficiaries', threshold)),
              },
            ]}
          />
        </div>
        <div class="summary-block">
          <DataTable
            caption={`Bénéficiaires ${report.year} par stade (dernier stade de l’année)`}
            rows={STAGES.map(([key, label]) => ({ key, label }))}
            rowKey={(s) => s.key}
            class="compact"
            columns={[
              { key: 'label', label: 'Stade', rowHeader: true, value: (s) => s.label },
              { key: 'n', label: 'Bénéficiaires', numeric: true, value: (s) => year.byStage[s.key], render: (s) => shown(`byStage.${s.key}`, year.byStage[s.key]) },
            ]}
          />
        </div>
      </div>
      <WhoIsReached years={[year]} threshold={threshold} />
      <section class="page-break">
        <h2>Couverture territoriale {report.year}</h2>
        <ReportingNotes coverage={report.coverage} />
        {styled ? (
          <div class="maps-with-legend">
            <TerritoryMap
              class="small"
              label={`Carte des EPCI : bénéficiaires distincts en ${report.year}`}
              epciStyles={styled.styles}
              sites={yearSites}
              distanceKm={report.coverage.distanceKm}
              tilesUrl={props.tilesUrl}
              tilesAttribution={props.tilesAttribution}
            />
            <MapLegend figure="beneficiaries" classes={styled.classes} distanceKm={report.coverage.distanceKm} maskedThreshold={threshold} headingLevel={3} showSites={false} />
          </div>
        ) : (
          <p>Pas encore de données pour {report.year}.</p>
        )}
        <KeyFigures coverage={report.coverage} />
        <div class="group-tables">
          <GroupTable caption="Couverture par type d’EPCI" groupLabel="Type" distanceKm={report.coverage.distanceKm} threshold={threshold} rows={summary.byType.map((t) => ({ ...t, key: t.type, label: t.label }))} />
          <GroupTable caption="Couverture par zone de vigilance" groupLabel="Zone" distanceKm={report.coverage.distanceKm} threshold={threshold} rows={summary.byZone.map((z) => ({ ...z, key: z.id, label: z.name }))} />
          <GroupTable
            caption="Couverture par département"
            groupLabel="Département"
            distanceKm={report.coverage.distanceKm}
            threshold={threshold}
            rows={(summary.byDepartement ?? []).map((d) => ({ ...d, key: d.departement, label: d.departement }))}
          />
        </div>
      </section>
      <section class="page-break">
        <h2>Complétude et ponctualité des rapports {report.year}</h2>
        <DataTable<OperatorRow>
          caption={`Rapports attendus, reçus et à l’heure par opérateur, ${report.year}`}
          rows={report.completeness.byOperator}
          rowKey={(o) => o.operatorId}
          class="compact"
          initialSort={{ key: 'name', direction: 'ascending' }}
          columns={[
            { key: 'name', label: 'Opérateur', rowHeader: true, value: (o) => o.operatorName },
            { key: 'expected', label: 'Attendus', numeric: true, value: (o) => o.expected, render: (o) => formatInt(o.expected) },
            { key: 'due', label: 'Échus', numeric: true, value: (o) => o.due, render: (o) => formatInt(o.due) },
            { key: 'submitted', label: 'Reçus', numeric: true, value: (o) => o.submitted, render: (o) => formatInt(o.submitted) },
            { key: 'late', label: 'En retard', numeric: true, value: (o) => o.late, render: (o) => formatInt(o.late) },
            { key: 'missing', label: 'Manquants', numeric: true, value: (o) => o.missing, render: (o) => formatInt(o.missing) },
            { key: 'onTime', label: 'À l’heure', numeric: true, value: (o) => o.onTimeRatePct, render: (o) => formatPct(o.onTimeRatePct) },
          ]}
        />
        <p class="note">
          Ensemble : {formatInt(report.completeness.totals.submitted)} rapports reçus sur {formatInt(report.completeness.totals.due)} échus, {formatPct(report.completeness.totals.onTimeRatePct)} à l’heure.
        </p>
      </section>
      <section class="page-break">
        <h2>
          Cohorte {report.cohort.from}–{report.cohort.to}
        </h2>
        <TargetsTable caption={`Chiffres par année depuis ${report.cohort.from}`} years={report.cohort.years} threshold={threshold} />
        <KeyFigures coverage={report.cohort.coverage} />
      </section>
    </div>
  );
}
