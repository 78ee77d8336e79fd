// « Ce qui a changé depuis la révision N »: the diff of the shown revision against the one before it, counts
// first, then the lines added, removed and changed (each field before → after), as the reviewer reads them.
import { COLUMN_BY_KEY, type ColumnKey } from '../../../server/ingest/columns.ts';
import { lineCellText } from '../../../server/ingest/export-lines.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';
import { isRetryable } from './report-model.ts';

interface DiffLine {
  line: number;
  beneficiary_ref: string;
}
interface DiffAnswer {
  from: number | null;
  to: number;
  counts: { added: number; removed: number; changed: number; unchanged: number };
  added: DiffLine[];
  removed: DiffLine[];
  changed: Array<{ beneficiary_ref: string; lineAfter: number; changes: Array<{ field: string; column: string; before: unknown; after: unknown }> }>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
const shown = (field: string, value: unknown) => {
  const key = (field === 'commune' ? 'commune' : field) as ColumnKey;
  const text = COLUMN_BY_KEY.has(key) ? lineCellText(key, value) : value === null || value === undefined ? '' : String(value);
  return text === '' ? '(vide)' : text;
};

export function RevisionDiff(props: { path: string; revision: number }) {
  const answer = useApi<DiffAnswer>(`${props.path}/diff?to=${props.revision}`);
  const diff = answer.data;
  return (
    <section class="report-section" aria-labelledby="diff-title">
      <h2 id="diff-title">Ce qui a changé depuis la révision n° {props.revision - 1}</h2>
      {answer.loading && <Loading label="Comparaison des révisions…" />}
      {answer.error !== null && <ErrorMessage error={answer.error} onRetry={isRetryable(answer.error) ? answer.reload : undefined} />}
      {diff && (
        <>
          <p>
            {plural(diff.counts.added, 'ligne ajoutée', 'lignes ajoutées')}, {plural(diff.counts.removed, 'ligne retirée', 'lignes retirées')},{' '}
            {plural(diff.counts.changed, 'ligne modifiée', 'lignes modifiées')}, {plural(diff.counts.unchanged, 'ligne inchangée', 'lignes inchangées')}.
          </p>
          {diff.added.length > 0 && (
            <p>
              Ajoutées : {diff.added.map((l) => `${l.beneficiary_ref} (ligne ${l.line})`).join(', ')}.
            </p>
          )}
          {diff.removed.length > 0 && <p>Retirées : {diff.removed.map((l) => l.beneficiary_ref).join(', ')}.</p>}
          {diff.changed.length > 0 && (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users must reach it (axe scrollable-region-focusable)
            <div class="table-scroll" tabIndex={0}>
              <table>
                <caption>Lignes modifiées, champ par champ</caption>
                <thead>
                  <tr>
                    <th scope="col">Référence</th>
                    <th scope="col">Colonne</th>
                    <th scope="col">Avant</th>
                    <th scope="col">Après</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.changed.flatMap((line) =>
                    line.changes.map((change, i) => (
                      <tr key={`${line.beneficiary_ref}-${change.field}`}>
                        {i === 0 ? (
                          <th scope="row" rowSpan={line.changes.length}>
                            {line.beneficiary_ref} (ligne {line.lineAfter})
                          </th>
                        ) : null}
                        <td>{change.column}</td>
                        <td>{shown(change.field, change.before)}</td>
                        <td>{shown(change.field, change.after)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
