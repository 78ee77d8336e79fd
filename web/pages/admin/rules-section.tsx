// Scheme rules: each rule's severity (error blocks an upload, warning is only shown), whether it is
// enabled, and its parameters, one field each (the server checks them against RULE_PARAMS in
// server/ingest/scheme-rules.ts); a rule this screen does not know keeps a JSON field.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { CheckboxGroup, FormStatus, numberOrNull, SelectField, TextField } from '../../components/forms/fields.tsx';
import { useSubmit } from '../../components/forms/use-submit.ts';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { type SchemeView, useSchemes } from './reference-lists.ts';

const STAGE_OPTIONS = [
  { value: 'emergence', label: 'Émergence' },
  { value: 'creation', label: 'Création' },
  { value: 'developpement', label: 'Développement' },
  { value: 'consolidation', label: 'Consolidation' },
];

type ParamField = { key: string; label: string; hint?: string; kind: 'stages' | 'number' };

/** The rules of server/ingest/scheme-rules.ts: title, what they check, their parameters. */
const RULES: Readonly<Record<string, { label: string; description: string; params: ParamField[] }>> = {
  allowed_stages: {
    label: 'Stades autorisés',
    description: 'Une ligne d’un autre stade d’accompagnement est signalée.',
    params: [{ key: 'stages', label: 'Stades accompagnés par le dispositif', kind: 'stages' }],
  },
  amount_range: {
    label: 'Montant de l’aide',
    description: 'Un montant déclaré hors de ces bornes est signalé ; un montant laissé vide (trimestres suivant une avance) ne l’est pas.',
    params: [
      { key: 'min', label: 'Montant minimum (€)', kind: 'number' },
      { key: 'max', label: 'Montant maximum (€)', kind: 'number' },
    ],
  },
  min_jobs_consolidated: {
    label: 'Emplois consolidés minimum',
    description: 'Une ligne déclarant moins d’emplois consolidés est signalée.',
    params: [{ key: 'min', label: 'Emplois consolidés minimum (ETP)', hint: 'Décimales admises, par exemple 0,5', kind: 'number' }],
  },
  max_company_age_years: {
    label: 'Âge maximum de l’entreprise',
    description:
      'Une entreprise créée plus longtemps avant la fin du trimestre est signalée ; les porteurs de projet et les entreprises sans date de création ne le sont pas.',
    params: [{ key: 'years', label: 'Âge maximum (années entières)', kind: 'number' }],
  },
  min_company_age_years: {
    label: 'Âge minimum de l’entreprise',
    description: 'Une entreprise créée moins longtemps avant le début de l’aide est signalée, ainsi qu’un porteur de projet ; une entreprise sans date de création ne l’est pas.',
    params: [{ key: 'years', label: 'Âge minimum (années entières)', kind: 'number' }],
  },
  epci_beneficiary: {
    label: 'Bénéficiaire : un EPCI',
    description: 'Le SIREN de la ligne doit être celui de l’EPCI de la commune indiquée (TESS soutient des EPCI, pas des entreprises).',
    params: [],
  },
  min_headcount: {
    label: 'Effectif salarié minimum',
    description: 'Une ligne déclarant moins de salariés (colonne effectif_salaries) est signalée ; une cellule vide ne l’est pas.',
    params: [{ key: 'min', label: 'Salariés au moins', kind: 'number' }],
  },
  difficulty_criteria_required: {
    label: 'Critère de difficulté',
    description: 'Une ligne qui renseigne l’effectif ou la durée de l’avance doit nommer au moins un critère de difficulté (perte, fonds propres, financement).',
    params: [],
  },
  advance_term_months: {
    label: 'Durée de l’avance',
    description: 'Une durée d’avance déclarée différente est signalée ; une cellule vide ne l’est pas.',
    params: [{ key: 'months', label: 'Durée attendue (mois)', kind: 'number' }],
  },
  min_jobs_created: {
    label: 'Emplois créés minimum',
    description: 'Une ligne déclarant moins d’emplois créés est signalée.',
    params: [{ key: 'min', label: 'Emplois créés minimum (ETP)', hint: 'Décimales admises, par exemple 0,8', kind: 'number' }],
  },
};

type RuleView = SchemeView['rules'][number];

/** The form's text of each parameter: numbers as typed, stages as the ticked codes. */
function initialValues(rule: RuleView, fields: ParamField[]): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const f of fields) {
    const value = rule.params[f.key];
    values[f.key] = f.kind === 'stages' ? (Array.isArray(value) ? value.map(String) : []) : typeof value === 'number' ? String(value) : '';
  }
  return values;
}

function RuleForm(props: { scheme: string; rule: RuleView; onSaved: () => void }) {
  const known = RULES[props.rule.rule];
  const paramFields = known?.params ?? [];
  const form = useSubmit(['severity', 'enabled', ...(known ? paramFields.map((f) => `params.${f.key}`) : ['params'])]);
  const [severity, setSeverity] = useState<string>(props.rule.severity);
  const [enabled, setEnabled] = useState(props.rule.enabled);
  const [values, setValues] = useState(() => initialValues(props.rule, paramFields));
  const [json, setJson] = useState(JSON.stringify(props.rule.params));
  const [jsonError, setJsonError] = useState<string | undefined>();
  const id = `rule-${props.scheme}-${props.rule.rule}`;
  const title = known?.label ?? props.rule.rule;

  /** The parameters to send, or null when the JSON of an unknown rule does not parse. */
  function params(): Record<string, unknown> | null {
    if (known) {
      return Object.fromEntries(paramFields.map((f) => [f.key, f.kind === 'number' ? numberOrNull(String(values[f.key])) : values[f.key]]));
    }
    try {
      const parsed: unknown = JSON.parse(json || '{}');
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        setJsonError(undefined);
        return parsed as Record<string, unknown>;
      }
    } catch {
      // answered below
    }
    setJsonError('Paramètres illisibles : un objet JSON est attendu, par exemple {"min": 5000, "max": 100000}');
    return null;
  }

  return (
    <form
      noValidate
      class="confirm-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = params();
        if (!parsed) return;
        const ok = await form.run(
          () => api.patch(`/schemes/${props.scheme}/rules/${props.rule.rule}`, { severity, enabled, params: parsed }),
          'Règle enregistrée : elle s’applique aux prochains dépôts.',
        );
        if (ok) props.onSaved();
      }}
    >
      <h4>{title}</h4>
      {known && <p class="hint">{known.description}</p>}
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
      {paramFields.map((f) =>
        f.kind === 'stages' ? (
          <CheckboxGroup
            key={f.key}
            id={`${id}-${f.key}`}
            legend={f.label}
            hint={f.hint}
            options={STAGE_OPTIONS}
            values={values[f.key] as string[]}
            onChange={(v) => setValues({ ...values, [f.key]: v })}
            error={form.errors[`params.${f.key}`]}
          />
        ) : (
          <TextField
            key={f.key}
            id={`${id}-${f.key}`}
            type="number"
            label={f.label}
            hint={f.hint}
            required
            value={values[f.key] as string}
            onInput={(v) => setValues({ ...values, [f.key]: v })}
            error={form.errors[`params.${f.key}`]}
          />
        ),
      )}
      {!known && (
        <TextField
          id={`${id}-params`}
          label="Paramètres (JSON)"
          hint={'Règle sans formulaire propre : ses paramètres s’écrivent en JSON, un objet entre accolades, par exemple {"min": 5000, "max": 100000}.'}
          multiline
          value={json}
          onInput={setJson}
          error={jsonError ?? form.errors.params}
        />
      )}
      <button type="submit" class="button" disabled={form.busy}>
        Enregistrer la règle<span class="visually-hidden"> « {title} » de {props.scheme}</span>
      </button>
      <FormStatus form={form} />
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
