// The outbox (issue 11): every mail the application queued, whether it left, and why not; a failed one can
// be sent again. Bodies are not shown: subjects say what each one was.
import { useState } from 'preact/hooks';
import { api, errorText } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { useApi } from '../../use-api.ts';

interface Entry {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

const STATUS_TEXT: Record<Entry['status'], string> = { pending: 'en attente', sending: 'en cours d’envoi', sent: 'envoyé', failed: 'en échec' };

export function OutboxSection() {
  const outbox = useApi<{ configured: boolean; entries: Entry[] }>('/outbox');
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Messages envoyés</h2>
      {outbox.loading && !outbox.data && <Loading />}
      {outbox.error !== null && <ErrorMessage error={outbox.error} onRetry={outbox.reload} />}
      {outbox.data && !outbox.data.configured && (
        <p class="notice">Aucun serveur d’e-mail n’est configuré (TERRITOIRES_SMTP_URL) : aucun message ne part ; les liens d’invitation sont montrés à la création des comptes.</p>
      )}
      {outbox.data && outbox.data.entries.length === 0 && <EmptyState>Aucun message pour l’instant.</EmptyState>}
      {outbox.data && outbox.data.entries.length > 0 && (
        <DataTable<Entry>
          caption="Messages, du plus récent au plus ancien"
          rows={outbox.data.entries}
          rowKey={(e) => String(e.id)}
          class="compact"
          columns={[
            { key: 'subject', label: 'Objet', rowHeader: true, value: (e) => e.subject },
            { key: 'to', label: 'Destinataire', value: (e) => e.to },
            { key: 'status', label: 'État', value: (e) => STATUS_TEXT[e.status] },
            { key: 'created', label: 'Créé le', value: (e) => e.createdAt, render: (e) => formatDateTime(e.createdAt) },
            { key: 'sent', label: 'Envoyé le', value: (e) => e.sentAt, render: (e) => formatDateTime(e.sentAt) },
            {
              key: 'error',
              label: 'Dernière erreur',
              value: (e) => e.lastError,
              render: (e) =>
                e.status === 'failed' ? (
                  <>
                    {e.lastError}{' '}
                    <button
                      type="button"
                      class="link-button"
                      onClick={async () => {
                        try {
                          await api.post(`/outbox/${e.id}/retry`);
                          setMessage(`Message « ${e.subject} » remis en attente d’envoi.`);
                        } catch (failure) {
                          setMessage(errorText(failure));
                        }
                        outbox.reload();
                      }}
                    >
                      Renvoyer<span class="visually-hidden"> « {e.subject} »</span>
                    </button>
                  </>
                ) : (
                  (e.lastError ?? (e.nextAttemptAt && e.attempts > 0 ? `nouvel essai le ${formatDateTime(e.nextAttemptAt)}` : '—'))
                ),
            },
          ]}
        />
      )}
      <p role="status">{message}</p>
    </section>
  );
}
