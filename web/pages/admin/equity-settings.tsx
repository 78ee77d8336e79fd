// The inputs of the expected coverage (issue 13) that the Region sets: the yearly capacity of each of its
// direct aids (operator schemes carry theirs in their agreements), the threshold of a gap, and the ESS
// establishments per EPCI (CRESS panorama, a CSV) used as the base instead of the population.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { FormStatus, numberOrNull, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDateTime, formatInt } from '../../format.ts';
import { useApi } from '../../use-api.ts';

interface SchemeView {
  code: string;
  name: string;
  kind: 'operator' | 'direct_aid';
  capacityPerYear: number | null;
}

function CapacityRow(props: { scheme: SchemeView; onSaved: () => void }) {
  const form = useSubmit(['capacityPerYear']);
  const [value, setValue] = useState(props.scheme.capacityPerYear === null ? '' : String(props.scheme.capacityPerYear));
  return (
    <form
      noValidate
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await form.run(() => api.patch(`/schemes/${props.scheme.code}`, { capacityPerYear: numberOrNull(value) }), `Capacité de ${props.scheme.name} enregistrée.`)) props.onSaved();
      }}
    >
      <TextField id={`capacity-${props.scheme.code}`} type="number" label={`${props.scheme.name} : entreprises aidées par an`} value={value} onInput={setValue} error={form.errors.capacityPerYear} />
      <button type="submit" class="button secondary" disabled={form.busy}>
        Enregistrer<span class="visually-hidden"> la capacité de {props.scheme.name}</span>
      </button>
      <FormStatus form={form} />
    </form>
  );
}

function ThresholdForm(props: { threshold: number; onSaved: () => void }) {
  const form = useSubmit(['expectedCoverageThreshold']);
  const [value, setValue] = useState(String(Math.round(props.threshold * 100)));
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const pct = numberOrNull(value);
        if (await form.run(() => api.patch('/settings', { expectedCoverageThreshold: pct === null ? null : pct / 100 }), 'Seuil de l’écart à l’attendu enregistré.')) props.onSaved();
      }}
    >
      <TextField
        id="expected-threshold"
        type="number"
        label="Seuil de l’écart à l’attendu (%)"
        hint="Un EPCI sans bénéficiaire est un écart quand sa couverture attendue atteint ce seuil (80 % par défaut)."
        value={value}
        onInput={setValue}
        error={form.errors.expectedCoverageThreshold}
      />
      <button type="submit" class="button" disabled={form.busy}>
        Enregistrer le seuil
      </button>
      <FormStatus form={form} />
    </form>
  );
}

function EstablishmentsUpload() {
  const loaded = useApi<{ loadedAt: string | null; epcis: Array<{ epciSiren: string; establishments: number }> }>('/reference/ess-establishments');
  const form = useSubmit(['fichier']);
  const [file, setFile] = useState<File | null>(null);
  const total = loaded.data?.epcis.reduce((sum, e) => sum + e.establishments, 0) ?? 0;
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        const body = await file.arrayBuffer();
        if (await form.run(() => api.put('/reference/ess-establishments', body, { headers: { 'content-type': 'text/csv' } }), 'Établissements de l’ESS chargés : ils servent désormais de base à la couverture attendue.')) loaded.reload();
      }}
    >
      <h4>Établissements de l’ESS par EPCI (panorama CRESS)</h4>
      {loaded.error !== null && <ErrorMessage error={loaded.error} onRetry={loaded.reload} />}
      <p>
        {loaded.data?.loadedAt
          ? `Chargés le ${formatDateTime(loaded.data.loadedAt)} : ${formatInt(loaded.data.epcis.length)} EPCI, ${formatInt(total)} établissements. La couverture attendue se répartit selon eux.`
          : 'Aucun fichier chargé : la couverture attendue se répartit selon la population.'}
      </p>
      <div class="field">
        <label for="ess-establishments-file">Fichier CSV (colonnes epci_siren;etablissements;emplois)</label>
        <input id="ess-establishments-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </div>
      <button type="submit" class="button" disabled={form.busy || !file}>
        Charger le fichier
      </button>
      {loaded.data?.loadedAt && (
        <button type="button" class="button secondary" disabled={form.busy} onClick={() => form.run(() => api.delete('/reference/ess-establishments'), 'Établissements retirés : la population redevient la base.').then(loaded.reload)}>
          Retirer les établissements
        </button>
      )}
      <FormStatus form={form} />
    </form>
  );
}

export function EquitySettings(props: { threshold: number; onSaved: () => void }) {
  const schemes = useApi<SchemeView[]>('/schemes');
  return (
    <>
      <h3>Couverture attendue : capacités et base</h3>
      <p>
        Les capacités annuelles des dispositifs opérateurs se fixent dans chaque convention (Administration, Conventions) ; celles des aides
        directes de la Région, ici. TESS soutient des EPCI, hors de ce calcul.
      </p>
      {schemes.loading && !schemes.data && <Loading />}
      {schemes.error !== null && <ErrorMessage error={schemes.error} onRetry={schemes.reload} />}
      {schemes.data
        ?.filter((s) => s.kind === 'direct_aid' && s.code !== 'TESS')
        .map((s) => <CapacityRow key={s.code} scheme={s} onSaved={schemes.reload} />)}
      <ThresholdForm threshold={props.threshold} onSaved={props.onSaved} />
      <EstablishmentsUpload />
    </>
  );
}
