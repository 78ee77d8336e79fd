// Who is reached (issue 13): each year's distinct beneficiaries by ESS family and by size class, two tables
// whose rows add up to the distinct total (the server counts each beneficiary once, by its latest line).
import { FAMILIES, SIZE_CLASSES } from '../../server/domain/beneficiary-classes.ts';
import { formatInt, formatMasked, type Hidden } from '../format.ts';
import { DataTable } from './data-table.tsx';

export interface ReachedYear {
  year: number;
  beneficiaries: { distinct: number | null };
  byFamily?: Record<string, number | null>;
  bySize?: Record<string, number | null>;
  hidden?: Hidden;
}

function BreakdownTable(props: { caption: string; years: ReachedYear[]; field: 'byFamily' | 'bySize'; classes: ReadonlyArray<{ code: string; label: string }>; threshold?: number }) {
  const years = props.years.filter((y) => y[props.field]);
  if (years.length === 0) return null;
  return (
    <DataTable<ReachedYear>
      caption={props.caption}
      rows={years}
      rowKey={(y) => String(y.year)}
      class="compact"
      columns={[
        { key: 'year', label: 'Année', rowHeader: true, value: (y) => y.year },
        ...props.classes.map((c) => ({
          key: c.code,
          label: c.label,
          numeric: true,
          value: (y: ReachedYear) => y[props.field]?.[c.code] ?? null,
          render: (y: ReachedYear) => formatMasked(y[props.field]?.[c.code] ?? null, y, `${props.field}.${c.code}`, props.threshold),
        })),
        {
          key: 'distinct',
          label: 'Total (bénéficiaires distincts)',
          numeric: true,
          value: (y: ReachedYear) => y.beneficiaries.distinct,
          render: (y: ReachedYear) => formatMasked(y.beneficiaries.distinct, y, 'distinct', props.threshold, formatInt),
        },
      ]}
    />
  );
}

export function WhoIsReached(props: { years: ReachedYear[]; threshold?: number; headingLevel?: 2 | 3 }) {
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  if (!props.years.some((y) => y.byFamily)) return null;
  return (
    <>
      <H>Qui est accompagné : familles de l’ESS et tailles</H>
      <p class="note">
        Chaque bénéficiaire compte une fois par année, selon sa dernière ligne (forme juridique ; tranche d’effectif INSEE, colonne facultative
        « tranche_effectif ») : chaque tableau se lit en ligne et totalise les bénéficiaires distincts.
      </p>
      <BreakdownTable caption="Bénéficiaires distincts par famille de l’ESS" years={props.years} field="byFamily" classes={FAMILIES} threshold={props.threshold} />
      <BreakdownTable caption="Bénéficiaires distincts par taille d’entreprise" years={props.years} field="bySize" classes={SIZE_CLASSES} threshold={props.threshold} />
    </>
  );
}
