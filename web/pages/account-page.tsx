// Mon compte: change the password; create (shown once), list and revoke personal API tokens.
import { useState } from 'preact/hooks';
import { NewPasswordFields } from '../components/forms/new-password-fields.tsx';
import { NotificationChoices } from './account-notifications.tsx';
import { api } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/status.tsx';
import { formatDateTime } from '../format.ts';
import { useAppState } from '../state.ts';
import { useApi } from '../use-api.ts';

interface TokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const ROLE_TEXT: Record<string, string> = {
  region: 'Région (tous les écrans)',
  operator: 'opérateur (vos rapports)',
  cotech: 'membre du COTECH (chiffres et cartes)',
};

function PasswordForm(props: { email: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // Said next to the confirmation field as soon as it is typed, or on submitting (an expected check, not an error).
  const [tried, setTried] = useState(false);
  const mismatch = (confirm.length > 0 || tried) && confirm !== next;

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    setError(null);
    if (next !== confirm) {
      setTried(true);
      document.getElementById('pw-confirm')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api.post<{ otherSessionsClosed?: number }>('/account/password', { current, next });
      setDone(
        `Mot de passe modifié.${result?.otherSessionsClosed ? ` ${result.otherSessionsClosed} autre(s) session(s) fermée(s).` : ''}`,
      );
      setCurrent('');
      setNext('');
      setConfirm('');
      setTried(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit}>
      {/* lets password managers file the new password under the right account */}
      <input type="text" name="username" autoComplete="username" value={props.email} hidden readOnly />
      <div class="field">
        <label for="pw-current">Mot de passe actuel</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </div>
      <NewPasswordFields idPrefix="pw" next={next} confirm={confirm} onNext={setNext} onConfirm={setConfirm} mismatch={mismatch} />
      {error !== null && <ErrorMessage error={error} title="Mot de passe non modifié" />}
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Modification…' : 'Changer le mot de passe'}
      </button>
    </form>
  );
}

function Tokens() {
  const tokens = useApi<TokenView[]>('/tokens');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const result = await api.post<{ name: string; token: string }>('/tokens', { name: name.trim() });
      setCreated({ name: result.name, token: result.token });
      setName('');
      tokens.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (token: TokenView) => {
    if (!window.confirm(`Révoquer le jeton « ${token.name} » ? Les outils qui l’utilisent n’auront plus accès.`)) return;
    setError(null);
    try {
      await api.delete(`/tokens/${token.id}`);
      setMessage(`Jeton « ${token.name} » révoqué.`);
      tokens.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <p>
        Un jeton d’API permet à un script ou à un logiciel d’appeler l’API en votre nom (en-tête{' '}
        <code>Authorization: Bearer …</code>). Il n’est affiché qu’une fois : copiez-le aussitôt.
      </p>
      <form class="form" onSubmit={create}>
        <div class="field">
          <label for="token-name">Nom du nouveau jeton</label>
          <input id="token-name" type="text" required maxLength={100} value={name} placeholder="ex. import tableur" onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button" disabled={busy || name.trim() === ''}>
          Créer un jeton
        </button>
      </form>
      {created && (
        <div class="success" role="status">
          <p>
            Jeton « {created.name} » créé. Copiez-le maintenant, il ne sera plus affiché :
          </p>
          <p>
            <label for="token-value" class="visually-hidden">
              Valeur du jeton
            </label>
            <input id="token-value" class="token-value" type="text" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} />
          </p>
          <button type="button" class="button secondary" onClick={() => setCreated(null)}>
            J’ai copié le jeton
          </button>
        </div>
      )}
      {message && (
        <p class="success" role="status">
          {message}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} title="Action impossible" />}
      {tokens.loading && !tokens.data && <Loading label="Chargement des jetons…" />}
      {tokens.error !== null && <ErrorMessage error={tokens.error} onRetry={tokens.reload} />}
      {tokens.data && tokens.data.length === 0 && <EmptyState>Vous n’avez encore créé aucun jeton.</EmptyState>}
      {tokens.data && tokens.data.length > 0 && (
        <DataTable<TokenView>
          caption="Mes jetons d’API"
          rows={tokens.data}
          rowKey={(t) => String(t.id)}
          columns={[
            { key: 'name', label: 'Nom', rowHeader: true, value: (t) => t.name },
            { key: 'created', label: 'Créé le', value: (t) => t.createdAt, render: (t) => formatDateTime(t.createdAt) },
            { key: 'used', label: 'Dernière utilisation', value: (t) => t.lastUsedAt, render: (t) => formatDateTime(t.lastUsedAt) },
            {
              key: 'state',
              label: 'État',
              value: (t) => (t.revokedAt ? 'révoqué' : 'actif'),
              render: (t) => (t.revokedAt ? `Révoqué le ${formatDateTime(t.revokedAt)}` : 'Actif'),
            },
            {
              key: 'action',
              label: 'Action',
              sortable: false,
              value: () => null,
              render: (t) =>
                t.revokedAt ? (
                  '—'
                ) : (
                  <button type="button" class="button danger" onClick={() => revoke(t)}>
                    Révoquer<span class="visually-hidden"> le jeton {t.name}</span>
                  </button>
                ),
            },
          ]}
        />
      )}
    </>
  );
}

export function AccountPage() {
  const state = useAppState();
  const user = state.user.value;
  return (
    <section>
      <PageTitle title="Mon compte" />
      {user && (
        <p>
          Connecté en tant que <strong>{user.email}</strong>, {ROLE_TEXT[user.role] ?? user.role}
          {user.operator ? ` pour ${user.operatorName ?? user.operator}` : ''}.
        </p>
      )}
      <h2>Mot de passe</h2>
      <PasswordForm email={user?.email ?? ''} />
      <h2>Notifications</h2>
      <NotificationChoices />
      <h2>Jetons d’API</h2>
      <Tokens />
    </section>
  );
}
