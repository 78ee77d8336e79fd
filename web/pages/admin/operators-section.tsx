// Operators: list (archived ones on request), create (slug id, name, SIREN), rename, archive.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { FormStatus, SubmitButtons, TextField } from '../../components/forms/fields.tsx';
import { focusById } from '../../focus.ts';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useApi } from '../../use-api.ts';

export interface OperatorView {
  id: string;
  name: string;
  siren: string | null;
  isRegion: boolean;
  isDemo: boolean;
  archivedAt: string | null;
}

export function OperatorsSection() {
  const [showArchived, setShowArchived] = useState(false);
  const list = useApi<OperatorView[]>(`/operators${showArchived ? '?archived=1' : ''}`);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [siren, setSiren] = useState('');
  /** The operator being edited (the form then renames it or fixes its SIREN), or null to create one. */
  const [editing, setEditing] = useState<OperatorView | null>(null);
  const form = useSubmit(editing ? ['name', 'siren'] : ['id', 'name', 'siren']);
  const action = useSubmit();

  function startEdit(o: OperatorView) {
    setEditing(o);
    setId(o.id);
    setName(o.name);
    setSiren(o.siren ?? '');
    form.reset();
    focusById('operator-form-title');
  }

  function resetForm() {
    setEditing(null);
    setId('');
    setName('');
    setSiren('');
  }

  const columns: Column<OperatorView>[] = [
    { key: 'name', label: 'Nom', value: (o) => o.name, rowHeader: true },
    { key: 'id', label: 'Identifiant', value: (o) => o.id },
    { key: 'siren', label: 'SIREN', value: (o) => o.siren ?? '—' },
    {
      key: 'state',
      label: 'État',
      value: (o) => (o.archivedAt ? `archivé le ${formatDate(o.archivedAt)}` : o.isRegion ? 'Région (aides directes)' : 'actif'),
    },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (o) =>
        o.isRegion ? (
          '—'
        ) : (
          <>
            <button type="button" class="button secondary" onClick={() => startEdit(o)}>
              Modifier<span class="visually-hidden"> {o.name}</span>
            </button>{' '}
            {archiveButton(o)}
          </>
        ),
    },
  ];

  function archiveButton(o: OperatorView) {
    return o.archivedAt ? (
          <button type="button" class="button secondary" onClick={() => action.run(() => api.patch(`/operators/${o.id}`, { archived: false }), `${o.name} désarchivé.`).then(list.reload)}>
            Désarchiver<span class="visually-hidden"> {o.name}</span>
          </button>
        ) : (
          <button
            type="button"
            class="button secondary"
            onClick={() => action.run(() => api.delete(`/operators/${o.id}`), `${o.name} archivé : ses rapports restent consultables, ses comptes n’ont plus accès.`).then(list.reload)}
          >
            Archiver<span class="visually-hidden"> {o.name}</span>
          </button>
        );
  }

  return (
    <section aria-labelledby="operators-title">
      <h2 id="operators-title">Opérateurs</h2>
      <label>
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived((e.currentTarget as HTMLInputElement).checked)} /> Afficher
        les opérateurs archivés
      </label>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const fields = { name: name.trim(), siren: siren.replace(/\s/g, '') || null };
          const ok = editing
            ? await form.run(() => api.patch(`/operators/${editing.id}`, fields), `Opérateur « ${fields.name} » modifié.`)
            : await form.run(() => api.post('/operators', { id: id.trim(), ...fields }), `Opérateur « ${fields.name} » créé.`);
          if (ok) {
            resetForm();
            list.reload();
          }
        }}
      >
        <h3 id="operator-form-title" tabIndex={-1}>
          {editing ? `Modifier l’opérateur « ${editing.name} »` : 'Ajouter un opérateur'}
        </h3>
        {editing ? (
          <p>
            Identifiant : <code>{editing.id}</code> (il ne change pas : les rapports, conventions et comptes y sont rattachés)
          </p>
        ) : (
          <TextField id="operator-id" label="Identifiant" hint="Lettres minuscules sans accent, chiffres et tirets (ex. bge-picardie)" required value={id} onInput={setId} error={form.errors.id} />
        )}
        <TextField id="operator-name" label="Nom" required value={name} onInput={setName} error={form.errors.name} />
        <TextField id="operator-siren" label="SIREN" hint="9 chiffres, facultatif" value={siren} onInput={setSiren} error={form.errors.siren} />
        <SubmitButtons busy={form.busy} label={editing ? 'Enregistrer les modifications' : 'Ajouter l’opérateur'} onCancelEdit={editing ? resetForm : null} />
        <FormStatus form={form} />
      </form>
      <FormStatus form={action} />
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && <DataTable caption="Opérateurs sous convention" columns={columns} rows={list.data} rowKey={(o) => o.id} initialSort={{ key: 'name', direction: 'ascending' }} />}

    </section>
  );
}
