// Users: e-mail, role, operator (for operator users only); create, edit, disable or re-enable, unlock,
// set a new password.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FormStatus, SelectField, SubmitButtons, TextField } from '../../components/forms/fields.tsx';
import { focusById } from '../../focus.ts';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';
import { useOperators } from './reference-lists.ts';

interface CreatedUser {
  id: number;
  invitation?: 'sent' | { link: string };
}

interface UserView {
  id: number;
  email: string;
  role: 'region' | 'operator' | 'cotech';
  operator: string | null;
  disabledAt: string | null;
  lockedUntil: string | null;
}

const ROLE_LABELS: Record<UserView['role'], string> = { region: 'Région', operator: 'Opérateur', cotech: 'Membre du COTECH' };

export function UsersSection() {
  const list = useApi<UserView[]>('/users');
  // Archived operators too: their accounts stay listed, and say they have no access any more.
  const operators = useOperators({ archived: true });
  const [email, setEmail] = useState('');
  const [invitationLink, setInvitationLink] = useState<{ email: string; link: string | null } | null>(null);
  const [role, setRole] = useState<UserView['role']>('operator');
  const [operator, setOperator] = useState('');
  /** The account being edited (e-mail, role, operator), or null when the form creates one. */
  const [editing, setEditing] = useState<UserView | null>(null);
  const form = useSubmit(['email', 'role', ...(role === 'operator' ? ['operator'] : [])]);
  const action = useSubmit();

  function startEdit(u: UserView) {
    setEditing(u);
    setEmail(u.email);
    setRole(u.role);
    setOperator(u.operator ?? '');
    form.reset();
    focusById('user-form-title');
  }

  function resetForm() {
    setEditing(null);
    setEmail('');
  }
  const reset = useSubmit(['password']);
  const [resetFor, setResetFor] = useState<UserView | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const operatorOf = (id: string | null) => (id ? operators.data?.find((o) => o.id === id) : undefined);
  const operatorName = (id: string | null) => (id ? (operatorOf(id)?.name ?? id) : '—');
  const stateOf = (u: UserView) =>
    u.disabledAt
      ? 'désactivé'
      : operatorOf(u.operator)?.archivedAt
        ? 'sans accès (opérateur archivé)'
        : u.lockedUntil
          ? 'verrouillé (trop d’échecs)'
          : 'actif';

  const columns: Column<UserView>[] = [
    { key: 'email', label: 'E-mail', value: (u) => u.email, rowHeader: true },
    { key: 'role', label: 'Rôle', value: (u) => ROLE_LABELS[u.role] },
    { key: 'operator', label: 'Opérateur', value: (u) => operatorName(u.operator) },
    { key: 'state', label: 'État', value: stateOf },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (u) => (
        <>
          <button type="button" class="button secondary" onClick={() => startEdit(u)}>
            Modifier<span class="visually-hidden"> {u.email}</span>
          </button>{' '}
          <button
            type="button"
            class="button secondary"
            onClick={() => action.run(() => api.patch(`/users/${u.id}`, { disabled: !u.disabledAt }), u.disabledAt ? `${u.email} réactivé.` : `${u.email} désactivé.`).then(list.reload)}
          >
            {u.disabledAt ? 'Réactiver' : 'Désactiver'}
            <span class="visually-hidden"> {u.email}</span>
          </button>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              reset.reset();
              setNewPassword('');
              setResetFor(u);
              focusById('reset-password');
            }}
          >
            Nouveau mot de passe<span class="visually-hidden"> pour {u.email}</span>
          </button>{' '}
          {u.lockedUntil && (
            <button type="button" class="button secondary" onClick={() => action.run(() => api.patch(`/users/${u.id}`, { unlock: true }), `${u.email} déverrouillé.`).then(list.reload)}>
              Déverrouiller<span class="visually-hidden"> {u.email}</span>
            </button>
          )}
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Utilisateurs</h2>
      {invitationLink && (
        <div class="notice" role="status">
          {invitationLink.link === null ? (
            <p>Une invitation à choisir son mot de passe a été envoyée à {invitationLink.email} (lien à usage unique, valable 72 heures).</p>
          ) : (
            <>
              <p>
                Aucun serveur d’e-mail n’est configuré : transmettez vous-même à {invitationLink.email} ce lien d’invitation, à usage unique et valable 72
                heures. Il n’est montré qu’une fois.
              </p>
              <input class="token-value" readOnly value={invitationLink.link} aria-label={`Lien d’invitation de ${invitationLink.email}`} onFocus={(e) => e.currentTarget.select()} />
            </>
          )}
        </div>
      )}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const fields = { email: email.trim(), role, operator: role === 'operator' ? operator || null : null };
          let invitation: CreatedUser['invitation'];
          const ok = editing
            ? await form.run(() => api.patch(`/users/${editing.id}`, fields), `Compte ${fields.email} modifié.`)
            : await form.run(async () => {
                invitation = (await api.post<CreatedUser>('/users', fields)).invitation;
              }, `Compte ${fields.email} créé.`);
          // Without a mail server, the link is shown here once, for the Region to pass on.
          setInvitationLink(ok && invitation ? { email: fields.email, link: invitation === 'sent' ? null : invitation.link } : null);
          if (ok) {
            resetForm();
            list.reload();
          }
        }}
      >
        <h3 id="user-form-title" tabIndex={-1}>
          {editing ? `Modifier le compte ${editing.email}` : 'Ajouter un utilisateur'}
        </h3>
        <TextField id="user-email" type="email" label="E-mail" required autocomplete="off" value={email} onInput={setEmail} error={form.errors.email} />
        {!editing && <p class="hint">Le nouvel utilisateur reçoit par e-mail un lien pour choisir lui-même son mot de passe.</p>}
        <SelectField
          id="user-role"
          label="Rôle"
          required
          value={role}
          onChange={(v) => setRole(v as UserView['role'])}
          error={form.errors.role}
          options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        {role === 'operator' && (
          <SelectField
            id="user-operator"
            label="Opérateur"
            required
            value={operator}
            onChange={setOperator}
            error={form.errors.operator}
            options={[{ value: '', label: 'Choisir un opérateur' }, ...(operators.data ?? []).filter((o) => !o.archivedAt).map((o) => ({ value: o.id, label: o.name }))]}
          />
        )}
        <SubmitButtons busy={form.busy} label={editing ? 'Enregistrer les modifications' : 'Ajouter l’utilisateur'} onCancelEdit={editing ? resetForm : null} />
        <FormStatus form={form} />
      </form>
      <FormStatus form={action} />
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {resetFor && (
        <form
          noValidate
          class="confirm-panel"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await reset.run(
              () => api.patch(`/users/${resetFor.id}`, { password: newPassword }),
              `Mot de passe de ${resetFor.email} remplacé ; ses sessions ouvertes sont fermées.`,
            );
            if (ok) setNewPassword('');
          }}
        >
          <TextField
            id="reset-password"
            type="password"
            label={`Nouveau mot de passe pour ${resetFor.email}`}
            required
            autocomplete="new-password"
            value={newPassword}
            onInput={setNewPassword}
            error={reset.errors.password}
          />
          <div class="form-actions">
            <button type="submit" class="button" disabled={reset.busy}>
              Remplacer le mot de passe
            </button>
            <button type="button" class="button secondary" onClick={() => setResetFor(null)}>
              Fermer
            </button>
          </div>
          <FormStatus form={reset} />
        </form>
      )}
      {list.data && <DataTable caption="Comptes utilisateurs" columns={columns} rows={list.data} rowKey={(u) => String(u.id)} initialSort={{ key: 'email', direction: 'ascending' }} />}
    </section>
  );
}
