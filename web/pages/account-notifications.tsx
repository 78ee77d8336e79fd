// « Mon compte » → the notices this user receives by e-mail, each one on or off (issue 11).
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { EmptyState, ErrorMessage, Loading } from '../components/status.tsx';
import { useApi } from '../use-api.ts';

interface Preference {
  kind: string;
  label: string;
  enabled: boolean;
}

export function NotificationChoices() {
  const answer = useApi<{ notifications: Preference[] }>('/account/notifications');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (answer.loading && !answer.data) return <Loading label="Chargement de vos choix…" />;
  if (answer.error !== null) return <ErrorMessage error={answer.error} onRetry={answer.reload} />;
  const choices = answer.data?.notifications ?? [];
  if (choices.length === 0) return <EmptyState>Aucun message automatique ne concerne votre rôle (seuls les liens de réinitialisation du mot de passe vous sont envoyés).</EmptyState>;
  return (
    <fieldset>
      <legend>Messages reçus par e-mail</legend>
      <div class="checks" style={{ flexDirection: 'column' }}>
        {choices.map((choice) => (
          <label key={choice.kind}>
            <input
              type="checkbox"
              checked={choice.enabled}
              onChange={async (e) => {
                const enabled = e.currentTarget.checked;
                setSaved(null);
                setError(null);
                try {
                  await api.patch('/account/notifications', { [choice.kind]: enabled });
                  setSaved(`${enabled ? 'Activé' : 'Désactivé'} : ${choice.label}.`);
                  answer.reload();
                } catch (failure) {
                  setError(failure);
                }
              }}
            />{' '}
            {choice.label}
          </label>
        ))}
      </div>
      {error !== null && <ErrorMessage error={error} title="Choix non enregistré" />}
      <p class="success" role="status">
        {saved}
      </p>
    </fieldset>
  );
}
