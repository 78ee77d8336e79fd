// Key figures of a coverage answer, and its breakdown by EPCI type and vigilance zone.
import { DataTable } from '../data-table.tsx';
import { formatDecimal, formatInt, formatMasked, formatPct } from '../../format.ts';
import type { Coverage, GroupSummary } from './types.ts';

/** `equity` false: the five presence figures only (the COTECH's side-by-side cohorts, which must fit a page). */
export function KeyFigures(props: { coverage: Coverage; equity?: boolean }) {
  const equity = props.equity !== false;
  const s = props.coverage.summary;
  return (
    <ul class="key-figures">
      <li>
        <span class="value">
          {formatInt(s.epciCovered)} / {formatInt(s.epciTotal)}
        </span>
        EPCI couverts
      </li>
      <li>
        <span class="value">{formatPct(s.populationCoveredPct)}</span>
        de la population dans un EPCI couvert
      </li>
      <li>
        <span class="value">{formatPct(s.populationWithinDistancePct)}</span>
        de la population à moins de {props.coverage.distanceKm} km d’un lieu d’accueil
      </li>
      <li>
        <span class="value">{formatMasked(s.beneficiaries, s, 'beneficiaries', props.coverage.disclosure?.threshold)}</span>
        bénéficiaires distincts localisés
      </li>
      <li>
        <span class="value">{formatInt(s.underserved)}</span>
        EPCI sous-desservis
      </li>
      {equity && s.expectedCovered !== undefined && (
        <li>
          <span class="value">
            {formatInt(s.epciCovered)} / {formatDecimal(s.expectedCovered)}
          </span>
          EPCI couverts / attendus des capacités ({formatInt(s.expectedGaps ?? 0)} en écart à l’attendu)
        </li>
      )}
      {equity && s.presentWithVisitsEpcis !== undefined && (
        <li>
          <span class="value">{formatInt(s.presentWithVisitsEpcis)}</span>
          EPCI avec un lieu à portée ou des visites en entreprise{s.distanceOnlyEpcis ? ` (${formatInt(s.distanceOnlyEpcis)} atteints seulement à distance)` : ''}
        </li>
      )}
      {props.coverage.schemes.includes('TESS') && s.tessEpcis !== undefined && (
        <li>
          <span class="value">{formatInt(s.tessEpcis)}</span>
          EPCI soutenus par TESS (plan d’action ESS, hors bénéficiaires)
        </li>
      )}
    </ul>
  );
}

type Row = GroupSummary & { key: string; label: string };

export function GroupTable(props: { caption: string; rows: Row[]; distanceKm: number; groupLabel: string; threshold?: number }) {
  return (
    <DataTable<Row>
      caption={props.caption}
      rows={props.rows}
      rowKey={(r) => r.key}
      class="compact"
      columns={[
        { key: 'label', label: props.groupLabel, rowHeader: true, value: (r) => r.label },
        { key: 'covered', label: 'EPCI couverts', numeric: true, value: (r) => r.epciCovered, render: (r) => `${formatInt(r.epciCovered)} / ${formatInt(r.epciTotal)}` },
        { key: 'population', label: 'Population', numeric: true, value: (r) => r.population, render: (r) => formatInt(r.population) },
        { key: 'beneficiaries', label: 'Bénéficiaires', numeric: true, value: (r) => r.beneficiaries, render: (r) => formatMasked(r.beneficiaries, r, 'beneficiaries', props.threshold) },
        { key: 'popCovered', label: 'Population couverte', numeric: true, value: (r) => r.populationCoveredPct, render: (r) => formatPct(r.populationCoveredPct) },
        {
          key: 'within',
          label: `Population à ${props.distanceKm} km`,
          numeric: true,
          value: (r) => r.populationWithinDistancePct,
          render: (r) => formatPct(r.populationWithinDistancePct),
        },
        { key: 'underserved', label: 'Sous-desservis', numeric: true, value: (r) => r.underserved, render: (r) => formatInt(r.underserved) },
      ]}
    />
  );
}

export function CoverageSummary(props: { coverage: Coverage; headingLevel?: 2 | 3 }) {
  const { summary, distanceKm } = props.coverage;
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <>
      <H>Chiffres clés</H>
      <KeyFigures coverage={props.coverage} />
      {/* One under the other: side by side, their six columns were cut off even on a wide screen. */}
      <div class="group-tables">
        <GroupTable
          caption="Couverture par type d’EPCI"
          groupLabel="Type"
          distanceKm={distanceKm}
          threshold={props.coverage.disclosure?.threshold}
          rows={summary.byType.map((t) => ({ ...t, key: t.type, label: t.label }))}
        />
        <GroupTable
          caption="Couverture par zone de vigilance"
          groupLabel="Zone"
          distanceKm={distanceKm}
          threshold={props.coverage.disclosure?.threshold}
          rows={summary.byZone.map((z) => ({ ...z, key: z.id, label: z.name }))}
        />
      </div>
    </>
  );
}
