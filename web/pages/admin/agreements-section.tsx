// Agreements (conventions): operator × scheme over dates, with the territory served (EPCIs or départements).
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { EpciPicker, useEpcis } from '../../components/forms/epci-picker.tsx';
import { CheckboxGroup, FormStatus, numberOrNull, SelectField, SubmitButtons, TextField } from '../../components/forms/fields.tsx';
import { focusById } from '../../focus.ts';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { useApi } from '../../use-api.ts';
import { useDepartementOptions, useOperators, useSchemes } from './reference-lists.ts';

interface AgreementView {
  id: number;
  operator: string;
  scheme: string;
  start: string;
  end: string;
  territory: { epcis: string[]; departements: string[] };
  /** Companies or entrepreneurs it can support a year: the base of the expected coverage (issue 13) */
  capacityPerYear?: number | null;
}

export function AgreementsSection() {
  const list = useApi<AgreementView[]>('/agreements');
  const operators = useOperators();
  const schemes = useSchemes();
  const departementOptions = useDepartementOptions();
  const { epcis } = useEpcis();
  const action = useSubmit();
  const [operator, setOperator] = useState('');
  const [scheme, setScheme] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [capacity, setCapacity] = useState('');
  const [kind, setKind] = useState<'all' | 'epcis' | 'departements'>('all');
  const [chosenEpcis, setChosenEpcis] = useState<string[]>([]);
  const [departements, setDepartements] = useState<string[]>([]);
  /** The agreement being modified (operator and scheme are then fixed), null when adding one */
  const [editing, setEditing] = useState<AgreementView | null>(null);
  const form = useSubmit([...(editing ? [] : ['operator', 'scheme']), 'start', 'end', 'territory', 'capacityPerYear']);

  function edit(a: AgreementView) {
    form.reset();
    setEditing(a);
    setOperator(a.operator);
    setScheme(a.scheme);
    setStart(a.start);
    setEnd(a.end);
    setCapacity(a.capacityPerYear == null ? '' : String(a.capacityPerYear));
    setKind(a.territory.epcis.length ? 'epcis' : a.territory.departements.length ? 'departements' : 'all');
    setChosenEpcis(a.territory.epcis);
    setDepartements(a.territory.departements);
    focusById('agreement-form-title');
  }

  const operatorName = (id: string) => operators.data?.find((o) => o.id === id)?.name ?? id;
  const epciName = (siren: string) => epcis?.find((e) => e.siren === siren)?.name ?? siren;
  const territoryText = (t: AgreementView['territory']) =>
    t.epcis.length
      ? `${t.epcis.length} EPCI : ${t.epcis.map(epciName).join(', ')}`
      : t.departements.length
        ? `Départements ${t.departements.join(', ')}`
        : 'Toute la région';

  const columns: Column<AgreementView>[] = [
    { key: 'operator', label: 'Opérateur', value: (a) => operatorName(a.operator), rowHeader: true },
    { key: 'scheme', label: 'Dispositif', value: (a) => a.scheme },
    { key: 'start', label: 'Début', value: (a) => a.start, render: (a) => formatDate(a.start) },
    { key: 'end', label: 'Fin', value: (a) => a.end, render: (a) => formatDate(a.end) },
    { key: 'territory', label: 'Territoire servi', value: (a) => territoryText(a.territory) },
    { key: 'capacity', label: 'Capacité annuelle', numeric: true, value: (a) => a.capacityPerYear ?? null, render: (a) => (a.capacityPerYear == null ? 'non renseignée' : String(a.capacityPerYear)) },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (a) => (
        <>
          <button type="button" class="button secondary" onClick={() => edit(a)}>
            Modifier
            <span class="visually-hidden">
              {' '}
              la convention {a.scheme} de {operatorName(a.operator)}
            </span>
          </button>{' '}
          <button
            type="button"
            class="button secondary"
            onClick={() =>
              action.run(() => api.delete(`/agreements/${a.id}`), 'Convention supprimée.').then(list.reload)
            }
          >
            Supprimer
            <span class="visually-hidden">
              {' '}
              la convention {a.scheme} de {operatorName(a.operator)}
            </span>
          </button>
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="agreements-title">
      <h2 id="agreements-title">Conventions</h2>
      <p>Chaque convention opérateur × dispositif fixe les rapports trimestriels attendus entre ses dates.</p>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const territory =
            kind === 'epcis'
              ? { epcis: chosenEpcis }
              : kind === 'departements'
                ? { departements }
                : undefined;
          const ok = editing
            ? await form.run(
                () => api.patch(`/agreements/${editing.id}`, { start, end, territory: territory ?? null, capacityPerYear: numberOrNull(capacity) }),
                'Convention modifiée.',
              )
            : await form.run(
                () => api.post('/agreements', { operator, scheme, start, end, territory, capacityPerYear: numberOrNull(capacity) }),
                'Convention créée.',
              );
          if (ok) {
            setEditing(null);
            list.reload();
          }
        }}
      >
        <h3 id="agreement-form-title" tabIndex={-1}>
          {editing
            ? `Modifier la convention ${editing.scheme} de ${operatorName(editing.operator)}`
            : 'Ajouter une convention'}
        </h3>
        {!editing && (
          <>
            <SelectField
              id="agreement-operator"
              label="Opérateur"
              required
              value={operator}
              onChange={setOperator}
              error={form.errors.operator}
              options={[
                { value: '', label: 'Choisir un opérateur' },
                ...(operators.data ?? []).map((o) => ({ value: o.id, label: o.name })),
              ]}
            />
            <SelectField
              id="agreement-scheme"
              label="Dispositif"
              required
              value={scheme}
              onChange={setScheme}
              error={form.errors.scheme}
              options={[
                { value: '', label: 'Choisir un dispositif' },
                ...(schemes.data ?? []).map((s) => ({ value: s.code, label: s.name })),
              ]}
            />
          </>
        )}
        <TextField
          id="agreement-start"
          type="date"
          label="Début"
          required
          value={start}
          onInput={setStart}
          error={form.errors.start}
        />
        <TextField
          id="agreement-end"
          type="date"
          label="Fin"
          required
          value={end}
          onInput={setEnd}
          error={form.errors.end}
        />
        <TextField
          id="agreement-capacity"
          type="number"
          label="Capacité annuelle (facultatif)"
          hint="Entreprises ou porteurs de projet que la convention permet d’accompagner par an : la couverture attendue en découle."
          value={capacity}
          onInput={setCapacity}
          error={form.errors.capacityPerYear}
        />
        <SelectField
          id="agreement-territory-kind"
          label="Territoire servi"
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          error={kind === 'all' ? form.errors.territory : undefined}
          options={[
            { value: 'all', label: 'Toute la région' },
            { value: 'epcis', label: 'Des EPCI' },
            { value: 'departements', label: 'Des départements' },
          ]}
        />
        {kind === 'epcis' && (
          <EpciPicker
            id="agreement-epcis"
            legend="EPCI servis"
            values={chosenEpcis}
            onChange={setChosenEpcis}
            error={form.errors.territory}
          />
        )}
        {kind === 'departements' && (
          <CheckboxGroup
            id="agreement-departements"
            legend="Départements servis"
            options={departementOptions}
            values={departements}
            onChange={setDepartements}
            error={form.errors.territory}
          />
        )}
        <SubmitButtons busy={form.busy} label={editing ? 'Enregistrer la convention' : 'Ajouter la convention'} onCancelEdit={editing ? () => setEditing(null) : null} />
        <FormStatus form={form} />
      </form>
      <FormStatus form={action} />
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && (
        <DataTable
          caption="Conventions"
          columns={columns}
          rows={list.data}
          rowKey={(a) => String(a.id)}
          initialSort={{ key: 'operator', direction: 'ascending' }}
        />
      )}
    </section>
  );
}
