// A revision's lines, read-only, with the CSV export (for French Excel) of the same revision.
import { COLUMNS } from '../../../server/ingest/columns.ts';
import { apiUrl } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';

interface LinesAnswer {
  revision: number | null;
  lineCount: number;
  lines: Array<Record<string, unknown>>;
}

// What a stored line shows: the resolved commune and its EPCI instead of postcode + name.
const SHOWN = COLUMNS.filter((c) => c.key !== 'postcode' && c.key !== 'commune_name');

function cell(value: unknown): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function LinesTable(props: { path: string; revision: number; current: boolean; onEdit?: (lines: Array<Record<string, unknown>>) => void }) {
  const query = props.current ? '' : `?revision=${props.revision}`;
  const answer = useApi<LinesAnswer>(`${props.path}/lines${query}`);
  const csv = apiUrl(`${props.path}/lines.csv`, props.current ? undefined : { revision: props.revision });
  return (
    <section class="report-section" aria-labelledby="lines-title">
      <h2 id="lines-title">
        Lignes de la révision n° {props.revision}
        {props.current ? ' (courante)' : ' (ancienne révision)'}
      </h2>
      <p>
        <a href={csv} download>
          Exporter ces lignes en CSV (Excel)
        </a>
        {props.onEdit && answer.data && answer.data.lines.length > 0 && (
          <>
            {' '}
            <button type="button" class="button secondary" onClick={() => props.onEdit?.(answer.data?.lines ?? [])}>
              Corriger ces lignes dans le navigateur
            </button>
          </>
        )}
      </p>
      {answer.loading && <Loading label="Chargement des lignes…" />}
      {answer.error !== null && <ErrorMessage error={answer.error} onRetry={answer.reload} />}
      {answer.data && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users must reach it (axe scrollable-region-focusable)
        <div class="table-scroll" tabIndex={0}>
          <table class="lines-table">
            <caption>
              {answer.data.lineCount} bénéficiaire{answer.data.lineCount > 1 ? 's' : ''} (une ligne par bénéficiaire accompagné dans le trimestre)
            </caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                {SHOWN.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.header}
                  </th>
                ))}
                <th scope="col">EPCI (SIREN)</th>
              </tr>
            </thead>
            <tbody>
              {answer.data.lines.map((line, i) => (
                <tr key={String(line.line ?? i)}>
                  <th scope="row">{cell(line.line)}</th>
                  {SHOWN.map((c) => (
                    <td key={c.key}>{cell(c.key === 'siret' ? (line.siret ?? line.siren) : line[c.key])}</td>
                  ))}
                  <td>{cell(line.epci_siren)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
