// Committee meetings (« séances »): the list, most recent first, and for the Region the form that prepares
// one (kind, date, title, cohorts, basis, diffusion). Its figures are frozen from its own page.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { SchemeChoice } from '../../components/coverage/coverage-controls.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormStatus, SelectField, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/status.tsx';
import { BASIS_LABELS, cohortLabel, formatDate, formatDateTime } from '../../format.ts';
import { navigate } from '../../router.ts';
import { currentYear, FIRST_YEAR, LAST_YEAR, OPERATOR_SCHEMES, useAppState } from '../../state.ts';
import { useApi } from '../../use-api.ts';
import { MEETING_KIND_LABELS, type MeetingKind, type MeetingSummary } from './types.ts';

const YEARS: Array<{ value: string; label: string }> = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) YEARS.push({ value: String(y), label: String(y) });

function MeetingForm(props: { onCreated: (id: number) => void }) {
  const form = useSubmit(['kind', 'date', 'title', 'cohorts', 'schemes', 'basis', 'disclosure']);
  const year = currentYear();
  const [kind, setKind] = useState<MeetingKind>('cotech');
  const [date, setDate] = useState('');
  const [title, setTitle] = useState('');
  const [fromA, setFromA] = useState(String(FIRST_YEAR));
  const [toA, setToA] = useState(String(FIRST_YEAR));
  const [fromB, setFromB] = useState(String(FIRST_YEAR));
  const [toB, setToB] = useState(String(year));
  const [basis, setBasis] = useState('validated');
  const [disclosure, setDisclosure] = useState('public');
  const [schemes, setSchemes] = useState<string[]>(OPERATOR_SCHEMES.map((s) => s.code));
  const cohorts = kind === 'copress' ? [{ from: Number(fromB), to: Number(toB) }] : [{ from: Number(fromA), to: Number(toA) }, { from: Number(fromB), to: Number(toB) }];
  return (
    <form
      noValidate
      class="confirm-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        let id = 0;
        const ok = await form.run(async () => {
          id = (await api.post<MeetingSummary>('/meetings', { kind, date, title: title.trim(), cohorts, schemes, basis, disclosure })).id;
        }, 'Séance préparée.');
        if (ok) props.onCreated(id);
      }}
    >
      <h2>Préparer une séance</h2>
      <SelectField id="meeting-kind" label="Comité" value={kind} onChange={(v) => setKind(v as MeetingKind)} error={form.errors.kind} options={Object.entries(MEETING_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
      <TextField id="meeting-date" type="date" label="Date de la séance" required value={date} onInput={setDate} error={form.errors.date} />
      <TextField id="meeting-title" label="Titre" required value={title} onInput={setTitle} error={form.errors.title} hint="Par exemple : COTECH de mars 2027" />
      {kind === 'cotech' ? (
        <fieldset>
          <legend>Cohortes à comparer</legend>
          <div class="cohorts">
            <SelectField id="meeting-from-a" label="Cohorte A : de" value={fromA} onChange={setFromA} options={YEARS} />
            <SelectField id="meeting-to-a" label="Cohorte A : à" value={toA} onChange={setToA} options={YEARS} />
            <SelectField id="meeting-from-b" label="Cohorte B : de" value={fromB} onChange={setFromB} options={YEARS} />
            <SelectField id="meeting-to-b" label="Cohorte B : à" value={toB} onChange={setToB} options={YEARS} />
          </div>
        </fieldset>
      ) : (
        <fieldset>
          <legend>Année du rapport annuel et cohorte depuis le début de la feuille de route</legend>
          <div class="cohorts">
            <SelectField id="meeting-from-b" label="De" value={fromB} onChange={setFromB} options={YEARS} />
            <SelectField id="meeting-to-b" label="À (année du rapport)" value={toB} onChange={setToB} options={YEARS} />
          </div>
        </fieldset>
      )}
      {form.errors.cohorts && <p class="field-error">{form.errors.cohorts}</p>}
      <SchemeChoice value={schemes} onChange={setSchemes} />
      {form.errors.schemes && <p class="field-error">{form.errors.schemes}</p>}
      <SelectField
        id="meeting-basis"
        label="Rapports pris en compte"
        value={basis}
        onChange={setBasis}
        options={[
          { value: 'validated', label: `Validés (${BASIS_LABELS.validated})` },
          { value: 'submitted', label: BASIS_LABELS.submitted },
        ]}
      />
      <SelectField
        id="meeting-disclosure"
        label="Diffusion"
        hint="Une séance avec des partenaires applique le secret des petits nombres."
        value={disclosure}
        onChange={setDisclosure}
        options={[
          { value: 'public', label: 'Avec des partenaires (secret des petits nombres)' },
          { value: 'internal', label: 'Interne à la Région (chiffres exacts)' },
        ]}
      />
      <div class="form-actions">
        <button type="submit" class="button" disabled={form.busy}>
          Préparer la séance
        </button>
      </div>
      <FormStatus form={form} />
    </form>
  );
}

export function MeetingsPage() {
  const state = useAppState();
  const isRegion = state.user.value?.role === 'region';
  const meetings = useApi<MeetingSummary[]>('/meetings');
  return (
    <section>
      <PageTitle title="Séances des comités" />
      <p>
        Le COTECH examine l’avancement de la feuille de route 4 à 5 fois par an, le COPRESS en suit la mise en œuvre au moins une fois par an. Les chiffres
        d’une séance sont arrêtés avant qu’elle se tienne : ils restent ceux qui ont été présentés, et sa page dit ce qui a changé depuis.
      </p>
      <div aria-live="polite">
        {meetings.loading && <Loading label="Chargement des séances…" />}
        {meetings.error !== null && <ErrorMessage error={meetings.error} onRetry={meetings.reload} />}
      </div>
      {meetings.data && meetings.data.length === 0 && <EmptyState>Aucune séance pour l’instant.</EmptyState>}
      {meetings.data && meetings.data.length > 0 && (
        <DataTable<MeetingSummary>
          caption="Séances, la plus récente d’abord"
          rows={meetings.data}
          rowKey={(m) => String(m.id)}
          columns={[
            { key: 'title', label: 'Séance', rowHeader: true, value: (m) => m.title, render: (m) => <a href={`/seances/${m.id}`}>{m.title}</a> },
            { key: 'kind', label: 'Comité', value: (m) => m.kind.toUpperCase() },
            { key: 'date', label: 'Date', value: (m) => m.date, render: (m) => formatDate(m.date) },
            { key: 'cohorts', label: 'Cohortes', value: (m) => m.cohorts.map((c) => cohortLabel(c.from, c.to)).join(' ; ') },
            { key: 'state', label: 'Chiffres', value: (m) => m.frozenAt ?? '', render: (m) => (m.frozenAt ? `arrêtés le ${formatDateTime(m.frozenAt)}` : 'en préparation') },
          ]}
        />
      )}
      {isRegion && <MeetingForm onCreated={(id) => navigate(`/seances/${id}`)} />}
    </section>
  );
}
