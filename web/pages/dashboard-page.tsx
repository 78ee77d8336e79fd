// Tableau de bord: yearly progress against the targets (700 beneficiaries, 4,000 consolidated jobs),
// by scheme and by stage, the current year's cumulative curve and projection, coverage by EPCI type
// and vigilance zone, and the completeness of reports per operator and quarter.
import { useMemo, useState } from 'preact/hooks';
import { apiUrl } from '../api.ts';
import { BarChart, CumulativeChart } from '../components/charts.tsx';
import { CoverageSummary } from '../components/coverage/coverage-summary.tsx';
import type { Coverage, DisclosureNote, YearReporting } from '../components/coverage/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PrintHeader } from '../components/print-header.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/status.tsx';
import { BASIS_LABELS, formatDecimal, formatInt, formatMasked, formatPct, type Hidden } from '../format.ts';
import { OTHER_SCHEME_COLOR, SCHEME_COLORS } from '../map/choropleth.ts';
import { type Basis, currentYear, DIRECT_AIDS, FIRST_YEAR, LAST_YEAR, OPERATOR_SCHEMES, SCHEMES, schemeNames, useAppState } from '../state.ts';
import { useApi } from '../use-api.ts';
import { type CompletenessRow, completenessByOperator, type OperatorRow } from './completeness-model.ts';
import { WhoIsReached } from '../components/who-is-reached.tsx';

interface YearFigures {
  year: number;
  beneficiaries: { distinct: number; accompaniments: number; byScheme: Record<string, number> };
  byStage: Record<string, number>;
  jobsConsolidated: number;
  jobsCreated: number;
  quarters: Array<{ quarter: number; beneficiaries: number; jobsConsolidated: number }>;
  targets: { beneficiaries: number; jobsConsolidated: number };
  share?: { beneficiaries: number | null; jobsConsolidated: number | null };
  projection: { beneficiaries: number; jobsConsolidated: number; method: string; description: string; basedOnQuarter: number } | null;
  reporting?: YearReporting;
  /** EPCIs supported by TESS: counted apart, never among the beneficiaries */
  tessEpcis?: number;
  byFamily?: Record<string, number | null>;
  bySize?: Record<string, number | null>;
  /** Figures the secrecy of small numbers masked (their value is null) */
  hidden?: Hidden;
}

interface Targets {
  generatedAt?: string;
  years: YearFigures[];
  notes?: unknown;
  disclosure?: DisclosureNote;
}

// TESS supports EPCIs, not beneficiaries: its figure is the EPCIs column of the yearly table.
const BENEFICIARY_SCHEMES = SCHEMES.filter((s) => s.code !== 'TESS');
const DIRECT_AID_BENEFICIARIES = DIRECT_AIDS.filter((s) => s.code !== 'TESS');
const isPartial = (y: YearFigures) => y.reporting !== undefined && !y.reporting.complete;
/** « 2026 (année en cours : T1–T3 reçus) »: a year still being reported never reads as a complete one. */
const yearText = (y: YearFigures) => (isPartial(y) ? `${y.year} (${y.reporting!.label})` : String(y.year));
const chartYear = (y: YearFigures) => (isPartial(y) ? `${y.year} (partielle)` : String(y.year));


interface Completeness {
  year: number;
  rows: CompletenessRow[];
  totals: { expected: number; due: number; submitted: number; validated: number; late: number; missing: number; onTimeRatePct: number | null; overallRatePct: number | null };
}

// The roadmap's wording: 700 beneficiaries is an objective; 4,000 consolidated jobs is a minimum expected,
// "pas d'objectif spécifique sur l'impact emplois" (Part 3 §a).
const beneficiariesTargetLabel = (value: number) => `Objectif ${formatInt(value)}`;
const jobsFloorLabel = (value: number) => `Minimum attendu ${formatInt(value)}`;

const STAGES: Array<[string, string]> = [
  ['emergence', 'Émergence'],
  ['creation', 'Création'],
  ['developpement', 'Développement'],
  ['consolidation', 'Consolidation'],
];
const STAGE_COLORS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];

function Section(props: { title: string; children: preact.ComponentChildren }) {
  return (
    <section class="chart-block">
      <h3>{props.title}</h3>
      {props.children}
    </section>
  );
}

function Progress(props: { targets: Targets; basis: Basis }) {
  const years = props.targets.years;
  const now = years.find((y) => y.year === currentYear()) ?? years[years.length - 1];
  const basisText = BASIS_LABELS[props.basis];
  const threshold = props.targets.disclosure?.threshold;
  const shown = (y: YearFigures, field: string, value: number | null | undefined, format = formatInt) => formatMasked(value, y, field, threshold, format);
  const bar = (y: YearFigures, field: string, value: number | null | undefined) => ({ value: y.hidden?.[field] ? null : (value ?? 0), masked: shown(y, field, value) });
  const partial = years.filter(isPartial);
  return (
    <>
      <h2>Objectifs annuels</h2>
      {partial.length > 0 && (
        <p class="note partial-year">
          <strong>Chiffres partiels</strong> — {partial.map(yearText).join(' ; ')} : la comparaison avec les années complètes est provisoire.
        </p>
      )}
      {props.targets.disclosure && <p class="note disclosure-note">{props.targets.disclosure.rule}</p>}
      <p class="hint">
        La feuille de route 2024–2028 fixe un objectif d’au moins {formatInt(years[0]?.targets.beneficiaries ?? 700)} bénéficiaires par an, tous dispositifs
        confondus. Elle ne fixe pas d’objectif emplois mais attend au minimum {formatInt(years[0]?.targets.jobsConsolidated ?? 4000)} emplois consolidés par an :
        ce chiffre est tracé comme un minimum attendu.
      </p>
      <div class="charts">
        <Section title="Bénéficiaires distincts par an">
          <BarChart
            title="Bénéficiaires distincts par an"
            description={years.map((y) => `${yearText(y)} : ${shown(y, 'distinct', y.beneficiaries.distinct)} sur ${formatInt(y.targets.beneficiaries)}`).join(' ; ')}
            groups={years.map((y) => ({ label: chartYear(y), bars: [{ label: 'Bénéficiaires', ...bar(y, 'distinct', y.beneficiaries.distinct), color: '#2c7fb8' }] }))}
            target={{ value: years[0]?.targets.beneficiaries ?? 700, label: beneficiariesTargetLabel(years[0]?.targets.beneficiaries ?? 700) }}
          />
        </Section>
        <Section title="Emplois consolidés (ETP) par an">
          <BarChart
            title="Emplois consolidés par an"
            description={years.map((y) => `${yearText(y)} : ${shown(y, 'jobsConsolidated', y.jobsConsolidated, formatDecimal)} sur ${formatInt(y.targets.jobsConsolidated)}`).join(' ; ')}
            groups={years.map((y) => ({ label: chartYear(y), bars: [{ label: 'Emplois', ...bar(y, 'jobsConsolidated', y.jobsConsolidated), color: '#41b6c4' }] }))}
            target={{ value: years[0]?.targets.jobsConsolidated ?? 4000, label: jobsFloorLabel(years[0]?.targets.jobsConsolidated ?? 4000) }}
          />
        </Section>
      </div>
      <DataTable<YearFigures>
        caption={`Chiffres par année (${basisText})`}
        rows={years}
        rowKey={(y) => String(y.year)}
        class="compact"
        exports={[
          { label: 'Excel (.xlsx)', href: apiUrl('/figures/targets.xlsx', { from: FIRST_YEAR, to: currentYear(), basis: props.basis }) },
          { label: 'CSV pour les outils', href: apiUrl('/figures/targets.csv', { from: FIRST_YEAR, to: currentYear(), basis: props.basis }) },
        ]}
        columns={[
          { key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year, render: yearText },
          { key: 'distinct', label: 'Bénéficiaires distincts', numeric: true, value: (y) => y.beneficiaries.distinct, render: (y) => shown(y, 'distinct', y.beneficiaries.distinct) },
          { key: 'target', label: 'Objectif', numeric: true, value: (y) => y.targets.beneficiaries, render: (y) => formatInt(y.targets.beneficiaries) },
          { key: 'share', label: 'Atteint', numeric: true, value: (y) => y.share?.beneficiaries ?? null, render: (y) => formatPct(y.share?.beneficiaries, 1) },
          { key: 'acc', label: 'Accompagnements', numeric: true, value: (y) => y.beneficiaries.accompaniments, render: (y) => shown(y, 'accompaniments', y.beneficiaries.accompaniments) },
          { key: 'jobs', label: 'Emplois consolidés', numeric: true, value: (y) => y.jobsConsolidated, render: (y) => shown(y, 'jobsConsolidated', y.jobsConsolidated, formatDecimal) },
          { key: 'jobsTarget', label: 'Minimum attendu (emplois)', numeric: true, value: (y) => y.targets.jobsConsolidated, render: (y) => formatInt(y.targets.jobsConsolidated) },
          { key: 'jobsShare', label: 'Atteint (emplois)', numeric: true, value: (y) => y.share?.jobsConsolidated ?? null, render: (y) => formatPct(y.share?.jobsConsolidated, 1) },
          { key: 'created', label: 'Emplois créés', numeric: true, value: (y) => y.jobsCreated, render: (y) => shown(y, 'jobsCreated', y.jobsCreated, formatDecimal) },
          { key: 'tess', label: 'EPCI soutenus par TESS (hors bénéficiaires)', numeric: true, value: (y) => y.tessEpcis ?? 0, render: (y) => formatInt(y.tessEpcis ?? 0) },
        ]}
      />
      <div class="charts">
        <Section title="Bénéficiaires par dispositif et par an">
          <BarChart
            title="Bénéficiaires par dispositif"
            description={years.map((y) => `${yearText(y)} : ${BENEFICIARY_SCHEMES.map((s) => `${s.label} ${shown(y, `byScheme.${s.code}`, y.beneficiaries.byScheme[s.code] ?? 0)}`).join(', ')}`).join(' ; ')}
            groups={years.map((y) => ({
              label: chartYear(y),
              bars: [
                ...OPERATOR_SCHEMES.map((s) => ({ label: s.label, ...bar(y, `byScheme.${s.code}`, y.beneficiaries.byScheme[s.code]), color: SCHEME_COLORS[s.code] })),
                // The six direct aids as one bar (the table gives each): masked if any of them is.
                {
                  label: 'Aides directes',
                  value: DIRECT_AID_BENEFICIARIES.some((s) => y.hidden?.[`byScheme.${s.code}`]) ? null : DIRECT_AID_BENEFICIARIES.reduce((sum, s) => sum + (y.beneficiaries.byScheme[s.code] ?? 0), 0),
                  masked: 'secret',
                  color: OTHER_SCHEME_COLOR,
                },
              ],
            }))}
          />
          <DataTable<YearFigures>
            caption="Bénéficiaires par dispositif et aide directe : leur somme fait les accompagnements"
            rows={years}
            rowKey={(y) => String(y.year)}
            class="compact"
            columns={[
              { key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year, render: yearText },
              ...BENEFICIARY_SCHEMES.map((s) => ({
                key: s.code,
                label: s.label,
                numeric: true,
                value: (y: YearFigures) => y.beneficiaries.byScheme[s.code] ?? 0,
                render: (y: YearFigures) => shown(y, `byScheme.${s.code}`, y.beneficiaries.byScheme[s.code] ?? 0),
              })),
              {
                key: 'accompaniments',
                label: 'Accompagnements (somme)',
                numeric: true,
                value: (y: YearFigures) => y.beneficiaries.accompaniments,
                render: (y: YearFigures) => shown(y, 'accompaniments', y.beneficiaries.accompaniments),
              },
            ]}
          />
        </Section>
        <Section title="Bénéficiaires par stade et par an">
          <BarChart
            title="Bénéficiaires par stade"
            description={years.map((y) => `${yearText(y)} : ${STAGES.map(([k, l]) => `${l} ${shown(y, `byStage.${k}`, y.byStage[k] ?? 0)}`).join(', ')}`).join(' ; ')}
            groups={years.map((y) => ({ label: chartYear(y), bars: STAGES.map(([k, l], i) => ({ label: l, ...bar(y, `byStage.${k}`, y.byStage[k]), color: STAGE_COLORS[i] })) }))}
          />
          <DataTable<YearFigures>
            caption="Bénéficiaires par stade (dernier stade de l’année)"
            rows={years}
            rowKey={(y) => String(y.year)}
            class="compact"
            columns={[
              { key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year, render: yearText },
              ...STAGES.map(([k, l]) => ({
                key: k,
                label: l,
                numeric: true,
                value: (y: YearFigures) => y.byStage[k] ?? 0,
                render: (y: YearFigures) => shown(y, `byStage.${k}`, y.byStage[k] ?? 0),
              })),
            ]}
          />
        </Section>
      </div>
      {now && <CurrentYear year={now} />}
    </>
  );
}

function CurrentYear(props: { year: YearFigures }) {
  const { year } = props;
  const upTo = year.projection?.basedOnQuarter ?? 4;
  // a quarter masked by the secrecy of small numbers is left out of the line
  const points = year.quarters.filter((q) => q.quarter <= upTo && q.beneficiaries !== null);
  return (
    <>
      <h2>Année {year.year} : cumul trimestriel et projection</h2>
      <div class="charts">
        <Section title={`Bénéficiaires distincts cumulés en ${year.year}`}>
          <CumulativeChart
            title={`Bénéficiaires cumulés ${year.year}`}
            description={`${points.map((p) => `fin T${p.quarter} : ${formatInt(p.beneficiaries)}`).join(', ')}${year.projection ? ` ; projection fin d’année : ${formatInt(year.projection.beneficiaries)}` : ''}`}
            points={points.map((p) => ({ quarter: p.quarter, value: p.beneficiaries }))}
            projection={year.projection?.beneficiaries}
            target={{ value: year.targets.beneficiaries, label: beneficiariesTargetLabel(year.targets.beneficiaries) }}
          />
        </Section>
        <Section title={`Emplois consolidés cumulés en ${year.year}`}>
          <CumulativeChart
            title={`Emplois consolidés cumulés ${year.year}`}
            description={`${points.map((p) => `fin T${p.quarter} : ${formatDecimal(p.jobsConsolidated)}`).join(', ')}${year.projection ? ` ; projection : ${formatInt(year.projection.jobsConsolidated)}` : ''}`}
            points={points.map((p) => ({ quarter: p.quarter, value: p.jobsConsolidated }))}
            projection={year.projection?.jobsConsolidated}
            target={{ value: year.targets.jobsConsolidated, label: jobsFloorLabel(year.targets.jobsConsolidated) }}
          />
        </Section>
      </div>
      <p class="notice">
        <strong>Méthode de projection :</strong> {year.projection?.description ?? 'les rapports d’aucun trimestre de l’année ne sont encore dus : pas de projection.'}
      </p>
    </>
  );
}


interface AgreementGaps {
  agreements: Array<{ id: number; operatorName: string; scheme: string; capacityPerYear: number | null; territoryEpcis: string[]; coveredEpcis: string[]; gapEpcis: string[]; beneficiariesOutside: number | null }>;
}

/** The agreements of the year and the EPCIs of their territory left unserved (issue 13). */
function AgreementGapsTable(props: { year: number; epciNames: Map<string, string> }) {
  const data = useApi<AgreementGaps>(apiUrl('/figures/agreements', { from: props.year, to: props.year }));
  if (!data.data) return data.error !== null ? <ErrorMessage error={data.error} onRetry={data.reload} /> : null;
  const rows = data.data.agreements;
  if (rows.length === 0) return null;
  return (
    <DataTable
      caption={`Territoires conventionnés en ${props.year} : EPCI couverts (bénéficiaires ou lieu à portée) et écarts`}
      rows={rows}
      rowKey={(a) => String(a.id)}
      class="compact"
      initialSort={{ key: 'gaps', direction: 'descending' }}
      exports={[
        { label: 'Excel (.xlsx)', href: apiUrl('/figures/agreements.xlsx', { from: props.year, to: props.year }) },
        { label: 'CSV pour les outils', href: apiUrl('/figures/agreements.csv', { from: props.year, to: props.year }) },
      ]}
      columns={[
        { key: 'operator', label: 'Opérateur', rowHeader: true, value: (a) => a.operatorName },
        { key: 'scheme', label: 'Dispositif', value: (a) => schemeNames([a.scheme]) },
        { key: 'capacity', label: 'Capacité annuelle', numeric: true, value: (a) => a.capacityPerYear, render: (a) => (a.capacityPerYear === null ? 'non renseignée' : formatInt(a.capacityPerYear)) },
        { key: 'covered', label: 'EPCI couverts', numeric: true, value: (a) => a.coveredEpcis.length, render: (a) => `${formatInt(a.coveredEpcis.length)} / ${formatInt(a.territoryEpcis.length)}` },
        { key: 'gaps', label: 'Écarts', numeric: true, value: (a) => a.gapEpcis.length, render: (a) => formatInt(a.gapEpcis.length) },
        { key: 'names', label: 'EPCI en écart', value: (a) => a.gapEpcis.map((s) => props.epciNames.get(s) ?? s).join(', ') || '—' },
        { key: 'outside', label: 'Bénéficiaires hors territoire', numeric: true, value: (a) => a.beneficiariesOutside, render: (a) => formatMasked(a.beneficiariesOutside, a as { hidden?: Hidden }, 'beneficiariesOutside') },
      ]}
    />
  );
}

function CompletenessSection(props: { epciNames: Map<string, string> }) {
  const [year, setYear] = useState(currentYear());
  const data = useApi<Completeness>(apiUrl('/figures/completeness', { year }));
  const rows = useMemo(() => (data.data ? completenessByOperator(data.data.rows) : []), [data.data]);
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const cell = (c: OperatorRow['quarters'][number]) =>
    c.expected === 0 ? (
      '—'
    ) : (
      <span>
        {c.received}/{c.expected} reçus
        {c.onTime > 0 && <> · {c.onTime} à l’heure</>}
        {c.late > 0 && (
          <>
            {' '}
            · <span class="tag warn">{c.late} en retard</span>
          </>
        )}
      </span>
    );
  return (
    <>
      <h2>Complétude des rapports</h2>
      <div class="field" style={{ maxWidth: '12rem' }}>
        <label for="completeness-year">Année</label>
        <select id="completeness-year" value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      {data.loading && <Loading label="Chargement de la complétude…" />}
      {data.error !== null && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <ul class="key-figures">
            <li>
              <span class="value">{formatInt(data.data.totals.expected)}</span>rapports attendus
            </li>
            <li>
              <span class="value">{formatInt(data.data.totals.submitted)}</span>reçus (soumis ou validés)
            </li>
            <li>
              <span class="value">{formatPct(data.data.totals.onTimeRatePct)}</span>à l’heure (rapports échus)
            </li>
            <li>
              <span class="value">{formatInt(data.data.totals.late)}</span>en retard
            </li>
            <li>
              <span class="value">{formatInt(data.data.totals.missing)}</span>manquants
            </li>
          </ul>
          {rows.length === 0 ? (
            <EmptyState>Aucun rapport attendu en {year} (aucune convention en vigueur).</EmptyState>
          ) : (
            <DataTable<OperatorRow>
              caption={`Rapports attendus, reçus, à l’heure et en retard par opérateur et trimestre, ${year}`}
              rows={rows}
              rowKey={(r) => r.id}
              class="compact"
              initialSort={{ key: 'name', direction: 'ascending' }}
              exports={[
                { label: 'Excel (.xlsx)', href: apiUrl('/figures/completeness.xlsx', { year }) },
                { label: 'CSV pour les outils', href: apiUrl('/figures/completeness.csv', { year }) },
              ]}
              columns={[
                { key: 'name', label: 'Opérateur', rowHeader: true, value: (r) => r.name },
                ...[1, 2, 3, 4].map((q) => ({
                  key: `q${q}`,
                  label: `T${q} ${year}`,
                  value: (r: OperatorRow) => r.quarters[q - 1].received,
                  render: (r: OperatorRow) => cell(r.quarters[q - 1]),
                })),
              ]}
            />
          )}
          <AgreementGapsTable year={year} epciNames={props.epciNames} />
        </>
      )}
    </>
  );
}

export function DashboardPage() {
  const state = useAppState();
  const [basis, setBasis] = useState<Basis>(state.filters.value.basis);
  const targets = useApi<Targets>(apiUrl('/figures/targets', { from: FIRST_YEAR, to: currentYear(), basis }));
  const coverage = useApi<Coverage>(apiUrl('/figures/coverage', { ...state.coverageParams.value, basis }));
  const epciNames = useMemo(() => new Map((coverage.data?.epcis ?? []).map((e) => [e.siren, e.name])), [coverage.data]);
  return (
    <section>
      <PrintHeader title="Tableau de bord : feuille de route ESS 2024–2028" basis={basis} dataDate={targets.data?.generatedAt} dataDateLabel="Chiffres extraits le" masked={!!targets.data?.disclosure} />
      <PageTitle title="Tableau de bord" />
      <p class="no-print">
        <button type="button" class="button secondary" onClick={() => window.print()}>
          Imprimer
        </button>
      </p>
      <fieldset style={{ maxWidth: '36rem' }}>
        <legend>Rapports pris en compte</legend>
        <div class="checks">
          {(
            [
              ['validated', 'Validés (chiffres officiels)'],
              ['submitted', 'Validés et soumis (provisoire)'],
            ] as Array<[Basis, string]>
          ).map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="dashboard-basis" checked={basis === value} onChange={() => setBasis(value)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {targets.loading && <Loading label="Chargement des chiffres…" />}
      {targets.error !== null && <ErrorMessage error={targets.error} onRetry={targets.reload} />}
      {targets.data && <Progress targets={targets.data} basis={basis} />}
      {targets.data && <WhoIsReached years={targets.data.years} threshold={targets.data.disclosure?.threshold} />}
      <h2>Couverture territoriale (cohorte {`${state.filters.value.from}–${state.filters.value.to}`})</h2>
      {coverage.loading && <Loading label="Calcul de la couverture…" />}
      {coverage.error !== null && <ErrorMessage error={coverage.error} onRetry={coverage.reload} />}
      {coverage.data && <CoverageSummary coverage={coverage.data} headingLevel={3} />}
      <CompletenessSection epciNames={epciNames} />
    </section>
  );
}
