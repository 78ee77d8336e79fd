// Shown over the page when the session expired while it was in use (issue 9): the user logs in again in
// place and the page resumes what it was doing (an upload, a save) with nothing retyped. A modal <dialog>:
// the page behind is inert, focus is kept inside, Échap is the same as « Se connecter autrement ».
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAppState } from '../state.ts';
import { CurrentPasswordField } from './forms/current-password-field.tsx';
import { ErrorMessage } from './status.tsx';

export function ReloginDialog(props: { email: string }) {
  const state = useAppState();
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await state.resumeSession(password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="relogin"
      aria-labelledby="relogin-title"
      aria-describedby="relogin-text"
      onCancel={(e) => {
        e.preventDefault();
        state.abandonSession();
      }}
    >
      <h2 id="relogin-title">Session expirée</h2>
      <p id="relogin-text">
        Votre session a expiré. Reconnectez-vous pour reprendre : ce que vous aviez choisi ou saisi sur la page est conservé, et l’envoi en
        cours reprendra.
      </p>
      <form class="form" onSubmit={submit}>
        <div class="field">
          <label for="relogin-email">Adresse e-mail</label>
          <input id="relogin-email" type="email" value={props.email} readOnly autoComplete="username" />
        </div>
        <CurrentPasswordField id="relogin-password" value={password} onInput={setPassword} />
        {error !== null && <ErrorMessage error={error} title="Connexion impossible" />}
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy || password === ''}>
            {busy ? 'Connexion…' : 'Se reconnecter et reprendre'}
          </button>
          <button type="button" class="button secondary" onClick={() => state.abandonSession()}>
            Se connecter autrement
          </button>
        </div>
      </form>
    </dialog>
  );
}
