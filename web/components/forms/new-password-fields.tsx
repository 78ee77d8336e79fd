// A new password typed twice, with the rule in words (server/auth/password-rule.ts judges it): used to
// change one's password, accept an invitation and reset a forgotten password.
export function NewPasswordFields(props: { idPrefix: string; next: string; confirm: string; onNext: (v: string) => void; onConfirm: (v: string) => void; mismatch: boolean }) {
  const { idPrefix } = props;
  return (
    <>
      <div class="field">
        <label for={`${idPrefix}-next`}>Nouveau mot de passe (10 caractères au moins)</label>
        <p id={`${idPrefix}-next-hint`} class="hint">
          Difficile à deviner et sans lien avec votre adresse e-mail : par exemple trois ou quatre mots sans rapport entre eux, séparés par des tirets.
        </p>
        <input
          id={`${idPrefix}-next`}
          type="password"
          autoComplete="new-password"
          aria-describedby={`${idPrefix}-next-hint`}
          required
          minLength={10}
          value={props.next}
          onInput={(e) => props.onNext(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${idPrefix}-confirm`}>Confirmez le nouveau mot de passe</label>
        <input
          id={`${idPrefix}-confirm`}
          type="password"
          autoComplete="new-password"
          required
          value={props.confirm}
          aria-invalid={props.mismatch}
          aria-describedby={props.mismatch ? `${idPrefix}-mismatch` : undefined}
          onInput={(e) => props.onConfirm(e.currentTarget.value)}
        />
        {props.mismatch && (
          <p id={`${idPrefix}-mismatch`} class="field-error">
            Les deux saisies du nouveau mot de passe diffèrent.
          </p>
        )}
      </div>
    </>
  );
}
