// Years against the roadmap's targets, as committees read them: a year still being reported says so, and
// figures masked by the secrecy of small numbers read « < 3 » or « secret ».
import { DataTable } from '../../components/data-table.tsx';
import { formatDecimal, formatInt, formatMasked, formatPct } from '../../format.ts';
import type { YearFigures } from './types.ts';

export const yearLabel = (y: YearFigures) => (y.reporting && !y.reporting.complete ? `${y.year} (${y.reporting.label})` : String(y.year));

export function TargetsTable(props: { caption: string; years: YearFigures[]; threshold?: number; exports?: Array<{ label: string; href: string }> }) {
  const shown = (y: YearFigures, field: string, value: number | null, format = formatInt) => formatMasked(value, y, field, props.threshold, format);
  return (
    <DataTable<YearFigures>
      caption={props.caption}
      rows={props.years}
      rowKey={(y) => String(y.year)}
      class="compact"
      exports={props.exports}
      columns={[
        { key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year, render: yearLabel },
        { key: 'distinct', label: 'Bénéficiaires distincts', numeric: true, value: (y) => y.beneficiaries.distinct, render: (y) => shown(y, 'distinct', y.beneficiaries.distinct) },
        { key: 'target', label: 'Objectif', numeric: true, value: (y) => y.targets.beneficiaries, render: (y) => formatInt(y.targets.beneficiaries) },
        { key: 'share', label: 'Atteint', numeric: true, value: (y) => y.share.beneficiaries, render: (y) => (y.hidden?.distinct ? '—' : formatPct(y.share.beneficiaries, 1)) },
        { key: 'jobs', label: 'Emplois consolidés (ETP)', numeric: true, value: (y) => y.jobsConsolidated, render: (y) => shown(y, 'jobsConsolidated', y.jobsConsolidated, formatDecimal) },
        { key: 'jobsTarget', label: 'Minimum attendu', numeric: true, value: (y) => y.targets.jobsConsolidated, render: (y) => formatInt(y.targets.jobsConsolidated) },
        {
          key: 'projection',
          label: 'Projection fin d’année (bénéficiaires / emplois)',
          value: (y) => y.projection?.beneficiaries ?? null,
          render: (y) => (y.projection ? `${formatInt(y.projection.beneficiaries)} / ${formatInt(y.projection.jobsConsolidated)}` : '—'),
        },
      ]}
    />
  );
}
