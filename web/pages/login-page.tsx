import { useState } from 'preact/hooks';
import { PageTitle } from '../components/page-title.tsx';
import { CurrentPasswordField } from '../components/forms/current-password-field.tsx';
import { ErrorMessage } from '../components/status.tsx';
import { useAppState } from '../state.ts';

export function LoginPage() {
  const state = useAppState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await state.login(email.trim(), password);
      // app.tsx redirects a logged-in user away from /connexion (to ?suite= or the role's home)
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <PageTitle title="Connexion" />
      <p>Connectez-vous avec l’adresse e-mail et le mot de passe de votre compte Territoires ESS.</p>
      <form onSubmit={submit} class="form">
        <div class="field">
          <label for="login-email">Adresse e-mail</label>
          <input
            id="login-email"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <CurrentPasswordField id="login-password" value={password} onInput={setPassword} />
        {error !== null && <ErrorMessage error={error} title="Connexion impossible" />}
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Connexion…' : 'Se connecter'}
        </button>
      </form>
      <p>
        <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
      </p>
      {state.server.value.demo && (
        <p class="hint">
          Comptes de démonstration : affichés dans la console au démarrage du serveur (<code>npm start</code>).
        </p>
      )}
    </section>
  );
}
