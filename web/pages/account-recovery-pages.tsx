// Getting into an account without a password: « Mot de passe oublié ? » (a link by e-mail), and the
// pages its link and an invitation's link open. The token travels in the address's fragment (#jeton=…),
// which browsers never send to a server, so it stays out of proxy logs and Referer headers.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { NewPasswordFields } from '../components/forms/new-password-fields.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorMessage } from '../components/status.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  return (
    <section class="login">
      <PageTitle title="Mot de passe oublié" />
      <p>Indiquez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe, valable 30 minutes.</p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            setSent((await api.post<{ message: string }>('/password-reset', { email: email.trim() }, { allowUnauthenticated: true })).message);
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="forgot-email">Adresse e-mail</label>
          <input id="forgot-email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        {error !== null && <ErrorMessage error={error} title="Demande non envoyée" />}
        {sent && (
          <p class="success" role="status">
            {sent}
          </p>
        )}
        <button type="submit" class="button" disabled={busy}>
          Recevoir un lien
        </button>
      </form>
      <p>
        <a href="/connexion">Retour à la connexion</a>
      </p>
    </section>
  );
}

const tokenFromFragment = () => new URLSearchParams(window.location.hash.replace(/^#/, '')).get('jeton') ?? '';

/** Choosing a password from a link: an invitation's (72 h) or a reset's (30 min). */
export function SetPasswordPage(props: { purpose: 'invitation' | 'password_reset' }) {
  const [token] = useState(tokenFromFragment);
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ message: string; email: string } | null>(null);
  const mismatch = (confirm.length > 0 || tried) && confirm !== next;
  const invitation = props.purpose === 'invitation';
  const title = invitation ? 'Choisir votre mot de passe' : 'Nouveau mot de passe';
  if (!token) {
    return (
      <section class="login">
        <PageTitle title={title} />
        <p>Ce lien est incomplet. Ouvrez le lien reçu par e-mail en entier, ou demandez-en un nouveau.</p>
        <p>
          <a href="/mot-de-passe-oublie">Demander un nouveau lien</a>
        </p>
      </section>
    );
  }
  return (
    <section class="login">
      <PageTitle title={title} />
      <p>{invitation ? 'Bienvenue sur Territoires ESS. Choisissez le mot de passe de votre compte.' : 'Choisissez un nouveau mot de passe : vos sessions ouvertes seront fermées.'}</p>
      {done ? (
        <>
          <p class="success" role="status">
            {done.message}
          </p>
          <p>
            <a class="button" href="/connexion">
              Se connecter
            </a>
          </p>
        </>
      ) : (
        <form
          class="form"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            if (next !== confirm) {
              setTried(true);
              document.getElementById('set-confirm')?.focus();
              return;
            }
            setBusy(true);
            try {
              const path = invitation ? '/invitations/confirm' : '/password-reset/confirm';
              setDone(await api.post<{ message: string; email: string }>(path, { token, password: next }, { allowUnauthenticated: true }));
              history.replaceState(null, '', window.location.pathname); // the used token leaves the address bar
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <NewPasswordFields idPrefix="set" next={next} confirm={confirm} onNext={setNext} onConfirm={setConfirm} mismatch={mismatch} />
          {error !== null && <ErrorMessage error={error} title="Mot de passe non enregistré" />}
          <button type="submit" class="button" disabled={busy}>
            Enregistrer le mot de passe
          </button>
        </form>
      )}
    </section>
  );
}
