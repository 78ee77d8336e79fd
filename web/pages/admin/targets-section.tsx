// Yearly targets (700 beneficiaries and 4,000 consolidated jobs by default, roadmap Part 3) and the
// number of days after a quarter's end when its report is due (default 30).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { FormStatus, numberOrNull, SelectField, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { useApi } from '../../use-api.ts';
import { EquitySettings } from './equity-settings.tsx';

interface TargetView {
  year: number;
  beneficiaries: number;
  jobsConsolidated: number;
  isDefault: boolean;
}

function TargetRow(props: { target: TargetView; onSaved: () => void }) {
  const form = useSubmit(['beneficiaries', 'jobsConsolidated']);
  const [beneficiaries, setBeneficiaries] = useState(String(props.target.beneficiaries));
  const [jobs, setJobs] = useState(String(props.target.jobsConsolidated));
  const y = props.target.year;
  return (
    <form
      noValidate
      class="confirm-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.run(
          () => api.put(`/targets/${y}`, { beneficiaries: numberOrNull(beneficiaries), jobsConsolidated: numberOrNull(jobs) }),
          `Objectifs ${y} enregistrés.`,
        );
        if (ok) props.onSaved();
      }}
    >
      <h3>
        {y}
        {props.target.isDefault ? ' (objectifs par défaut)' : ''}
      </h3>
      <TextField id={`target-${y}-beneficiaries`} type="number" label={`Bénéficiaires visés en ${y}`} required value={beneficiaries} onInput={setBeneficiaries} error={form.errors.beneficiaries} />
      <TextField id={`target-${y}-jobs`} type="number" label={`Emplois consolidés visés en ${y}`} required value={jobs} onInput={setJobs} error={form.errors.jobsConsolidated} />
      <button type="submit" class="button" disabled={form.busy}>
        Enregistrer les objectifs {y}
      </button>
      <FormStatus form={form} />
    </form>
  );
}

interface Settings {
  reportDueDays: number;
  smallCountThreshold: number;
  cotechDisclosure: 'public' | 'internal';
  expectedCoverageThreshold?: number;
}

/** The secrecy of small numbers: its threshold, and whether the COTECH's view applies it (issue 10). */
function SecrecyForm(props: { settings: Settings; onSaved: () => void }) {
  const form = useSubmit(['smallCountThreshold', 'cotechDisclosure']);
  const [threshold, setThreshold] = useState(String(props.settings.smallCountThreshold));
  const [cotech, setCotech] = useState<string>(props.settings.cotechDisclosure);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.run(() => api.patch('/settings', { smallCountThreshold: numberOrNull(threshold), cotechDisclosure: cotech }), 'Secret des petits nombres enregistré.');
        if (ok) props.onSaved();
      }}
    >
      <h3>Secret des petits nombres</h3>
      <TextField
        id="small-count-threshold"
        type="number"
        required
        label="Seuil : un nombre de bénéficiaires inférieur est masqué hors de la Région"
        hint="3 par défaut : un ou deux bénéficiaires dans un petit EPCI désignent une entreprise."
        value={threshold}
        onInput={setThreshold}
        error={form.errors.smallCountThreshold}
      />
      <SelectField
        id="cotech-disclosure"
        label="Vue des membres du COTECH"
        value={cotech}
        onChange={setCotech}
        error={form.errors.cotechDisclosure}
        options={[
          { value: 'public', label: 'Secret des petits nombres appliqué (par défaut)' },
          { value: 'internal', label: 'Chiffres exacts' },
        ]}
      />
      <button type="submit" class="button" disabled={form.busy}>
        Enregistrer le secret des petits nombres
      </button>
      <FormStatus form={form} />
    </form>
  );
}

export function TargetsSection() {
  const targets = useApi<{ years: TargetView[] }>('/targets');
  const settings = useApi<Settings>('/settings');
  const form = useSubmit(['reportDueDays']);
  const [days, setDays] = useState('');
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.reportDueDays));
  }, [settings.data]);

  return (
    <section aria-labelledby="targets-title">
      <h2 id="targets-title">Objectifs et échéances</h2>
      {settings.error !== null && <ErrorMessage error={settings.error} onRetry={settings.reload} />}
      {settings.data && (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await form.run(() => api.patch('/settings', { reportDueDays: numberOrNull(days) }), 'Délai de dépôt enregistré.');
            if (ok) settings.reload();
          }}
        >
          <TextField
            id="due-days"
            type="number"
            required
            label="Délai de dépôt des rapports (jours après la fin du trimestre)"
            hint="30 jours par défaut ; l’échéance de chaque rapport et le retard en découlent."
            value={days}
            onInput={setDays}
            error={form.errors.reportDueDays}
          />
          <button type="submit" class="button" disabled={form.busy}>
            Enregistrer le délai
          </button>
          <FormStatus form={form} />
        </form>
      )}
      {settings.data && <SecrecyForm settings={settings.data} onSaved={settings.reload} />}
      {settings.data && <EquitySettings threshold={settings.data.expectedCoverageThreshold ?? 0.8} onSaved={settings.reload} />}
      <h3>Objectifs annuels (tous dispositifs)</h3>
      {targets.loading && !targets.data && <Loading />}
      {targets.error !== null && <ErrorMessage error={targets.error} onRetry={targets.reload} />}
      {targets.data?.years.map((t) => (
        <TargetRow key={`${t.year}-${t.beneficiaries}-${t.jobsConsolidated}`} target={t} onSaved={targets.reload} />
      ))}
    </section>
  );
}
