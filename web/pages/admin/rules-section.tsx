// Scheme rules: each rule's severity (error blocks an upload, warning is only shown), whether it is
// enabled, and its parameters (JSON, checked by the server).
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { FormStatus, SelectField, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { type SchemeView, useSchemes } from './reference-lists.ts';

const RULE_LABELS: Record<string, string> = {
  allowed_stages: 'Stades autorisés',
  amount_range: 'Montant de l’aide',
  min_jobs: 'Emplois minimum',
  company_age: 'Âge de l’entreprise',
};

function RuleForm(props: { scheme: string; rule: SchemeView['rules'][number]; onSaved: () => void }) {
  const form = useSubmit();
  const [severity, setSeverity] = useState<string>(props.rule.severity);
  const [enabled, setEnabled] = useState(props.rule.enabled);
  const [params, setParams] = useState(JSON.stringify(props.rule.params));
  const [paramsError, setParamsError] = useState<string | undefined>();
  const id = `rule-${props.scheme}-${props.rule.rule}`;
  return (
    <form
      noValidate
      class="confirm-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(params || '{}') as Record<string, unknown>;
          setParamsError(undefined);
        } catch {
          setParamsError('Paramètres illisibles : JSON attendu, par exemple {"min": 5000, "max": 100000}');
          return;
        }
        const ok = await form.run(
          () => api.patch(`/schemes/${props.scheme}/rules/${props.rule.rule}`, { severity, enabled, params: parsed }),
          'Règle enregistrée : elle s’applique aux prochains dépôts.',
        );
        if (ok) props.onSaved();
      }}
    >
      <h4>{RULE_LABELS[props.rule.rule] ?? props.rule.rule}</h4>
      <SelectField
        id={`${id}-severity`}
        label="Gravité"
        value={severity}
        onChange={setSeverity}
        error={form.errors.severity}
        options={[
          { value: 'error', label: 'Erreur (bloque le dépôt)' },
          { value: 'warning', label: 'Avertissement (signalé seulement)' },
        ]}
      />
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.currentTarget as HTMLInputElement).checked)} /> Règle active
      </label>
      <TextField id={`${id}-params`} label="Paramètres (JSON)" value={params} onInput={setParams} error={paramsError ?? form.errors.params} />
      <button type="submit" class="button" disabled={form.busy}>
        Enregistrer la règle<span class="visually-hidden"> {props.rule.rule} de {props.scheme}</span>
      </button>
      <FormStatus error={form.failure} message={form.message} />
    </form>
  );
}

export function RulesSection() {
  const schemes = useSchemes();
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">Règles des dispositifs</h2>
      <p>Ces règles sont vérifiées à chaque dépôt de rapport, en plus des contrôles de format.</p>
      {schemes.loading && !schemes.data && <Loading />}
      {schemes.error !== null && <ErrorMessage error={schemes.error} onRetry={schemes.reload} />}
      {schemes.data?.map((s) => (
        <section key={s.code} aria-labelledby={`scheme-${s.code}`}>
          <h3 id={`scheme-${s.code}`}>{s.name}</h3>
          {s.rules.length === 0 ? (
            <p>Aucune règle propre à ce dispositif.</p>
          ) : (
            s.rules.map((r) => <RuleForm key={`${r.rule}-${r.severity}-${r.enabled}-${JSON.stringify(r.params)}`} scheme={s.code} rule={r} onSaved={schemes.reload} />)
          )}
        </section>
      ))}
    </section>
  );
}
