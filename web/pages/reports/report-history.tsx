// The report's history: the Region's comments and every status change, and the revisions (each one
// readable: "Voir les lignes" loads that revision into the lines table).
import { formatDateTime } from '../../format.ts';
import { type DisplayStatus, type ReportEvent, type Revision, SOURCE_LABELS, STATUS_LABELS } from './report-model.ts';

const EVENT_VERBS: Record<string, string> = {
  submitted: 'Soumis',
  validated: 'Validé',
  returned: 'Renvoyé à l’opérateur',
  draft: 'Remis en brouillon',
};

function eventLabel(event: ReportEvent): string {
  if (event.from === 'validated' && event.to === 'draft') return 'Rouvert par la Région';
  if (event.to === 'draft' && (!event.from || event.from === 'expected')) return 'Premier dépôt';
  if (event.to === 'draft' && event.from === 'returned') return 'Nouveau dépôt après renvoi';
  return EVENT_VERBS[event.to] ?? STATUS_LABELS[event.to as DisplayStatus] ?? event.to;
}

export function EventList(props: { events: ReportEvent[] }) {
  if (props.events.length === 0) return <p>Aucun changement de statut pour l’instant.</p>;
  return (
    <ol class="event-list">
      {[...props.events].reverse().map((event, i) => (
        <li key={`${event.at}-${i}`}>
          <strong>{eventLabel(event)}</strong> le {formatDateTime(event.at)}
          {event.by ? ` par ${event.by}` : ''}
          {event.comment && (
            <blockquote>
              <p>{event.comment}</p>
            </blockquote>
          )}
        </li>
      ))}
    </ol>
  );
}

export function RevisionTable(props: { revisions: Revision[]; current: number | null; shown: number | null; onShow: (n: number) => void }) {
  if (props.revisions.length === 0) return <p>Aucun fichier déposé pour l’instant.</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption>Révisions déposées (la plus récente en premier)</caption>
        <thead>
          <tr>
            <th scope="col">Révision</th>
            <th scope="col">Déposée le</th>
            <th scope="col">Par</th>
            <th scope="col">Origine</th>
            <th scope="col" class="numeric">
              Lignes
            </th>
            <th scope="col">Lignes de la révision</th>
          </tr>
        </thead>
        <tbody>
          {[...props.revisions].reverse().map((r) => (
            <tr key={r.number}>
              <th scope="row">
                n° {r.number}
                {r.number === props.current ? ' (courante)' : ''}
              </th>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{r.createdBy ?? '—'}</td>
              <td>
                {SOURCE_LABELS[r.source] ?? r.source}
                {r.filename && r.source !== 'web' ? ` : ${r.filename}` : ''}
              </td>
              <td class="numeric">
                {r.lineCount}
                {r.declaredEmpty && <span class="declared-empty-flag">déclaré sans bénéficiaire</span>}
              </td>
              <td>
                {r.declaredEmpty ? (
                  'aucune ligne (déclaration)'
                ) : props.shown === r.number ? (
                  'affichées ci-dessous'
                ) : (
                  <button type="button" class="button secondary" onClick={() => props.onShow(r.number)}>
                    Voir les lignes<span class="visually-hidden"> de la révision {r.number}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
