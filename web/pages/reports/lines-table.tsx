// A revision's lines, read-only, with the XLSX export (for people) and the CSV (for tools) of the same revision. Values read
// as in the export and the editable table: French labels for codes, decimal commas.
import { COLUMNS, type ColumnKey } from '../../../server/ingest/columns.ts';
import { lineCellText } from '../../../server/ingest/export-lines.ts';
import { apiUrl } from '../../api.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';
import { isRetryable } from './report-model.ts';

interface LinesAnswer {
  revision: number | null;
  lineCount: number;
  lines: Array<Record<string, unknown>>;
}

// What a stored line shows: the resolved commune and its EPCI instead of postcode + name.
const SHOWN = COLUMNS.filter((c) => c.key !== 'postcode' && c.key !== 'commune_name');

function cell(key: ColumnKey | null, value: unknown): string {
  const text = key ? lineCellText(key, value) : value === null || value === undefined ? '' : String(value);
  return text === '' ? '—' : text;
}

/** The id of the button that opens the editor, where focus returns when the editor closes. */
export const EDIT_LINES_BUTTON_ID = 'corriger-lignes';

export function LinesTable(props: { path: string; revision: number; current: boolean; onEdit?: (lines: Array<Record<string, unknown>>) => void }) {
  const query = props.current ? '' : `?revision=${props.revision}`;
  const answer = useApi<LinesAnswer>(`${props.path}/lines${query}`);
  const revisionQuery = props.current ? undefined : { revision: props.revision };
  const xlsx = apiUrl(`${props.path}/lines.xlsx`, revisionQuery);
  const csv = apiUrl(`${props.path}/lines.csv`, revisionQuery);
  return (
    <section class="report-section" aria-labelledby="lines-title">
      <h2 id="lines-title" tabIndex={-1}>
        Lignes de la révision n° {props.revision}
        {props.current ? ' (courante)' : ' (ancienne révision)'}
      </h2>
      <p>
        <a href={xlsx} download>
          Télécharger ces lignes (Excel, .xlsx)
        </a>
        {' · '}
        <a href={csv} download>
          CSV pour les outils (séparateur ;)
        </a>
        {props.onEdit && answer.data && answer.data.lines.length > 0 && (
          <>
            {' '}
            <button id={EDIT_LINES_BUTTON_ID} type="button" class="button secondary" onClick={() => props.onEdit?.(answer.data?.lines ?? [])}>
              Corriger ces lignes dans le navigateur
            </button>
          </>
        )}
      </p>
      {answer.loading && <Loading label="Chargement des lignes…" />}
      {answer.error !== null && <ErrorMessage error={answer.error} onRetry={isRetryable(answer.error) ? answer.reload : undefined} />}
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
                  <th scope="row">{cell(null, line.line)}</th>
                  {SHOWN.map((c) => (
                    <td key={c.key}>{cell(c.key, c.key === 'siret' ? (line.siret ?? line.siren) : line[c.key])}</td>
                  ))}
                  <td>{cell(null, line.epci_siren)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
