// Sites (siège, antenne, permanence): list, create, edit and close. A site is placed by searching its
// commune (keyboard combobox) or by clicking the map, which finds the commune of the point. Editing
// fills the same form; the operator of a site never changes (its history belongs to that operator).
import { useState } from 'preact/hooks';
import { todayInParis } from '../../../server/domain/dates.ts';
import { api, errorText } from '../../api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { type CommuneChoice, CommuneCombobox } from '../../components/forms/commune-combobox.tsx';
import { CheckboxGroup, FormStatus, SelectField, SubmitButtons, TextField } from '../../components/forms/fields.tsx';
import { focusById } from '../../focus.ts';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { type SiteView, TerritoryMap } from '../../components/map/territory-map.tsx';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate, SITE_KIND_LABELS } from '../../format.ts';
import { useApi } from '../../use-api.ts';
import { useOperators, useSchemes } from './reference-lists.ts';

type Site = SiteView & { id: number; commune: string; communeName: string | null };

export function SitesSection() {
  const [shownOperator, setShownOperator] = useState('');
  const list = useApi<Site[]>(shownOperator ? `/sites?operator=${encodeURIComponent(shownOperator)}` : '/sites');
  const operators = useOperators();
  const schemes = useSchemes();
  const action = useSubmit();
  const [operator, setOperator] = useState('');
  const [kind, setKind] = useState<Site['kind']>('branch');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [commune, setCommune] = useState<CommuneChoice | null>(null);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [pointNote, setPointNote] = useState('');
  const [siteSchemes, setSiteSchemes] = useState<string[]>([]);
  const [opened, setOpened] = useState('');
  const [schedule, setSchedule] = useState('');
  const [closed, setClosed] = useState('');
  /** The site being edited, or null when the form creates one. */
  const [editing, setEditing] = useState<Site | null>(null);
  const form = useSubmit([editing ? 'closed' : 'operator', 'kind', 'name', 'address', 'commune', 'lat', 'lon', 'schemes', 'opened', 'schedule']);

  function startEdit(s: Site) {
    setEditing(s);
    setOperator(s.operator);
    setKind(s.kind);
    setName(s.name);
    setAddress(s.address ?? '');
    setCommune({ code: s.commune, name: s.communeName ?? s.commune });
    setPoint(null);
    setPointNote('');
    setSiteSchemes(s.schemes);
    setOpened(s.opened ?? '');
    setClosed(s.closed ?? '');
    setSchedule(s.schedule ?? '');
    form.reset();
    focusById('site-form-title');
  }

  function resetForm() {
    setEditing(null);
    setName('');
    setAddress('');
    setSchedule('');
    setClosed('');
    setPoint(null);
    setPointNote('');
  }

  const operatorName = (id: string) => operators.data?.find((o) => o.id === id)?.name ?? id;

  async function placeAt(lon: number, lat: number) {
    setPoint({ lat, lon });
    try {
      const found = await api.get<{ commune: CommuneChoice }>(`/geo/locate?lon=${lon}&lat=${lat}`);
      setCommune(found.commune);
      setPointNote(`Point placé sur la carte, commune ${found.commune.name} (${found.commune.code}).`);
    } catch (error) {
      setPoint(null);
      setPointNote(`Point hors de la région : ${errorText(error)}`);
    }
  }

  const columns: Column<Site>[] = [
    { key: 'name', label: 'Nom', value: (s) => s.name, rowHeader: true },
    { key: 'kind', label: 'Type', value: (s) => SITE_KIND_LABELS[s.kind] ?? s.kind },
    { key: 'operator', label: 'Opérateur', value: (s) => operatorName(s.operator) },
    { key: 'commune', label: 'Commune', value: (s) => s.communeName ?? s.commune },
    { key: 'schemes', label: 'Dispositifs', value: (s) => s.schemes.join(', ') },
    { key: 'opened', label: 'Ouvert le', value: (s) => s.opened ?? null, render: (s) => formatDate(s.opened) },
    { key: 'closed', label: 'Fermé le', value: (s) => s.closed ?? null, render: (s) => (s.closed ? formatDate(s.closed) : 'ouvert') },
    {
      key: 'actions',
      label: 'Actions',
      sortable: false,
      value: () => null,
      render: (s) => (
        <>
          <button type="button" class="button secondary" onClick={() => startEdit(s)}>
            Modifier<span class="visually-hidden"> {s.name}</span>
          </button>{' '}
          {!s.closed && (
            <button
              type="button"
              class="button secondary"
              onClick={() => action.run(() => api.patch(`/sites/${s.id}`, { closed: todayInParis() }), `Lieu « ${s.name} » fermé à la date du jour.`).then(list.reload)}
            >
              Fermer<span class="visually-hidden"> {s.name}</span>
            </button>
          )}{' '}
          <button type="button" class="button secondary" onClick={() => action.run(() => api.delete(`/sites/${s.id}`), `Lieu « ${s.name} » supprimé.`).then(list.reload)}>
            Supprimer<span class="visually-hidden"> {s.name}</span>
          </button>
        </>
      ),
    },
  ];

  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">Lieux d’accueil (sièges, antennes, permanences)</h2>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const fields = {
            kind,
            name: name.trim(),
            address: address.trim() || null,
            commune: commune?.code ?? '',
            // Without a click on the map, an edit keeps the site's point (or moves it to the new commune's).
            ...(point ? { lat: point.lat, lon: point.lon } : {}),
            schemes: siteSchemes,
            opened,
            schedule: schedule.trim() || null,
          };
          const ok = editing
            ? await form.run(() => api.patch(`/sites/${editing.id}`, { ...fields, closed: closed || null }), `Lieu « ${fields.name} » modifié.`)
            : await form.run(() => api.post('/sites', { operator, ...fields }), `Lieu « ${fields.name} » ajouté.`);
          if (ok) {
            resetForm();
            list.reload();
          }
        }}
      >
        <h3 id="site-form-title" tabIndex={-1}>
          {editing ? `Modifier le lieu « ${editing.name} »` : 'Ajouter un lieu'}
        </h3>
        {editing ? (
          <p>Opérateur : {operatorName(editing.operator)}</p>
        ) : (
          <SelectField
            id="site-operator"
            label="Opérateur"
            required
            value={operator}
            onChange={setOperator}
            error={form.errors.operator}
            options={[{ value: '', label: 'Choisir un opérateur' }, ...(operators.data ?? []).map((o) => ({ value: o.id, label: o.name }))]}
          />
        )}
        <SelectField
          id="site-kind"
          label="Type de lieu"
          required
          value={kind}
          onChange={(v) => setKind(v as Site['kind'])}
          error={form.errors.kind}
          options={Object.entries(SITE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField id="site-name" label="Nom du lieu" required value={name} onInput={setName} error={form.errors.name} />
        <TextField id="site-address" label="Adresse" value={address} onInput={setAddress} error={form.errors.address} />
        <CommuneCombobox id="site-commune" label="Commune" required value={commune} onChange={setCommune} error={form.errors.commune} />
        <p id="site-map-help">
          Ou cliquez sur la carte pour placer le lieu précisément (la commune est alors trouvée d’après le point). Sans clic, le lieu
          {editing ? ' garde sa position, ou est placé au centre de sa nouvelle commune si vous la changez.' : ' est placé au centre de la commune.'}
        </p>
        <TerritoryMap
          label="Carte pour placer le lieu"
          class="admin-map"
          sites={[]}
          onMapClick={placeAt}
          marker={point ?? (editing ? { lat: editing.lat, lon: editing.lon } : null)}
        />
        <p role="status" aria-live="polite">
          {pointNote}
          {point && (
            <>
              {' '}
              <button
                type="button"
                class="button secondary"
                onClick={() => {
                  setPoint(null);
                  setPointNote('Point retiré : le lieu sera placé au centre de la commune.');
                }}
              >
                Retirer le point
              </button>
            </>
          )}
        </p>
        {form.errors.lat || form.errors.lon ? <p class="field-error">{form.errors.lat ?? form.errors.lon}</p> : null}
        <CheckboxGroup
          id="site-schemes"
          legend="Dispositifs proposés sur ce lieu"
          options={(schemes.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
          values={siteSchemes}
          onChange={setSiteSchemes}
          error={form.errors.schemes}
        />
        <TextField id="site-opened" type="date" label="Ouvert depuis le" required value={opened} onInput={setOpened} error={form.errors.opened} />
        {editing && (
          <TextField id="site-closed" type="date" label="Fermé le" hint="Vide : le lieu est ouvert" value={closed} onInput={setClosed} error={form.errors.closed} />
        )}
        <TextField
          id="site-schedule"
          label="Jours et horaires"
          hint="Texte libre, par exemple « 2e mardi du mois, mairie d’Hirson »"
          value={schedule}
          onInput={setSchedule}
          error={form.errors.schedule}
        />
        <SubmitButtons busy={form.busy} label={editing ? 'Enregistrer les modifications' : 'Ajouter le lieu'} onCancelEdit={editing ? resetForm : null} />
        <FormStatus form={form} />
      </form>
      <h3>Lieux existants</h3>
      <p class="hint">« Fermer » garde le lieu dans l’historique (il compte pour les cohortes où il était ouvert) ; « Supprimer » ne vaut que pour un lieu saisi par erreur.</p>
      <SelectField
        id="sites-filter-operator"
        label="Afficher les lieux de"
        value={shownOperator}
        onChange={setShownOperator}
        options={[{ value: '', label: 'Tous les opérateurs' }, ...(operators.data ?? []).map((o) => ({ value: o.id, label: o.name }))]}
      />
      <FormStatus form={action} />
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && <DataTable caption="Lieux des opérateurs" columns={columns} rows={list.data} rowKey={(s) => String(s.id)} initialSort={{ key: 'name', direction: 'ascending' }} />}

    </section>
  );
}
