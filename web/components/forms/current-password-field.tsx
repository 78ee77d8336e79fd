// The password field of a login, on the login page and in the dialog that resumes an expired session.
export function CurrentPasswordField(props: { id: string; value: string; onInput: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>Mot de passe</label>
      <input
        id={props.id}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
