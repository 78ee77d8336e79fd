// Figure, schemes, cohort (with presets), basis and distance: the filters of a coverage view.
import { useEffect, useId, useState } from 'preact/hooks';
import { FIGURES } from '../../map/choropleth.ts';
import { type Basis, type Figure, type Filters, FIRST_YEAR, LAST_YEAR, SCHEME_GROUPS, SCHEMES } from '../../state.ts';

/**
 * Whole km from 1 to 100: the range the address accepts (web/state.ts), inside the API's
 * (0, 200] km (server/routes/figures.ts); a distance outside it is refused, never silently dropped.
 */
const MIN_KM = 1;
const MAX_KM = 100;
const DISTANCE_ERROR = `Saisissez un nombre entier de kilomètres entre ${MIN_KM} et ${MAX_KM}.`;
const validKm = (text: string): number | null => {
  const km = Number(text);
  return text.trim() !== '' && Number.isInteger(km) && km >= MIN_KM && km <= MAX_KM ? km : null;
};

const YEARS: number[] = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) YEARS.push(y);

/** Roadmap presets: each year, 2024–2026 (first agreements), 2024–2028 (the whole roadmap). */
export const COHORT_PRESETS: Array<{ from: number; to: number; label: string }> = [
  ...YEARS.map((y) => ({ from: y, to: y, label: String(y) })),
  { from: 2024, to: 2026, label: '2024–2026' },
  { from: 2024, to: 2028, label: '2024–2028' },
];

interface Props {
  value: Filters;
  onChange: (patch: Partial<Filters>) => void;
  /** Hide the figure select (COTECH shares one figure for both cohorts). */
  showFigure?: boolean;
  legend?: string;
}

export function CohortFields(props: Props) {
  const id = useId();
  const { value, onChange } = props;
  return (
    <fieldset>
      <legend>{props.legend ?? 'Cohorte (années)'}</legend>
      <div class="row">
        <div class="field">
          <label for={`${id}-from`}>De</label>
          <select
            id={`${id}-from`}
            value={value.from}
            onChange={(e) => {
              const from = Number(e.currentTarget.value);
              onChange({ from, to: Math.max(from, value.to) });
            }}
          >
            {YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-to`}>À</label>
          <select
            id={`${id}-to`}
            value={value.to}
            onChange={(e) => {
              const to = Number(e.currentTarget.value);
              onChange({ to, from: Math.min(value.from, to) });
            }}
          >
            {YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="presets">
        <legend class="visually-hidden">Cohortes prédéfinies</legend>
        {COHORT_PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            class="button secondary"
            aria-pressed={value.from === p.from && value.to === p.to}
            onClick={() => onChange({ from: p.from, to: p.to })}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
    </fieldset>
  );
}

/** The ten tools of the roadmap's toolbox as two groups of checkboxes (operator schemes, direct aids). */
export function SchemeChoice(props: { value: readonly string[]; onChange: (schemes: string[]) => void }) {
  const toggle = (code: string, on: boolean) => {
    const next = on ? [...props.value, code] : props.value.filter((s) => s !== code);
    props.onChange(SCHEMES.map((s) => s.code).filter((c) => next.includes(c)));
  };
  return (
    <fieldset>
      <legend>Dispositifs et aides (la boîte à outils de la feuille de route)</legend>
      {SCHEME_GROUPS.map((group) => (
        <fieldset key={group.legend} class="scheme-group">
          <legend>{group.legend}</legend>
          <div class="checks">
            {group.schemes.map((s) => (
              <label key={s.code}>
                <input type="checkbox" checked={props.value.includes(s.code)} onChange={(e) => toggle(s.code, e.currentTarget.checked)} />
                {s.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {props.value.length === 0 && <p class="hint">Cochez au moins un dispositif.</p>}
    </fieldset>
  );
}

export function CoverageControls(props: Props) {
  const id = useId();
  const { value, onChange } = props;
  return (
    <div class="controls">
      {props.showFigure !== false && (
        <div class="field">
          <label for={`${id}-figure`}>Chiffre représenté</label>
          <select id={`${id}-figure`} value={value.figure} onChange={(e) => onChange({ figure: e.currentTarget.value as Figure })}>
            {(Object.keys(FIGURES) as Figure[]).map((f) => (
              <option key={f} value={f}>
                {FIGURES[f].label}
              </option>
            ))}
          </select>
        </div>
      )}
      <SchemeChoice value={value.schemes} onChange={(schemes) => onChange({ schemes })} />
      <CohortFields {...props} />
      <fieldset>
        <legend>Rapports pris en compte</legend>
        <div class="checks">
          {(
            [
              ['validated', 'Validés (chiffres officiels)'],
              ['submitted', 'Validés et soumis (provisoire)'],
            ] as Array<[Basis, string]>
          ).map(([basis, label]) => (
            <label key={basis}>
              <input type="radio" name={`${id}-basis`} value={basis} checked={value.basis === basis} onChange={() => onChange({ basis })} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <DistanceField value={value.distanceKm} onChange={(distanceKm) => onChange({ distanceKm })} />
    </div>
  );
}

/** The distance is applied when the field is committed (Entrée, leaving it, the arrows), once valid. */
function DistanceField(props: { value: number; onChange: (km: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(props.value));
  const [invalid, setInvalid] = useState(false);
  // a distance set elsewhere (the address, the other view) shows in the field
  useEffect(() => {
    setText(String(props.value));
    setInvalid(false);
  }, [props.value]);
  return (
    <div class="field">
      <label for={`${id}-distance`}>Distance de proximité (km)</label>
      <input
        id={`${id}-distance`}
        type="number"
        min={MIN_KM}
        max={MAX_KM}
        step={1}
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-distance-error` : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          if (invalid && validKm(e.currentTarget.value) !== null) setInvalid(false);
        }}
        onChange={(e) => {
          const km = validKm(e.currentTarget.value);
          setInvalid(km === null);
          if (km !== null && km !== props.value) props.onChange(km);
        }}
      />
      {invalid && (
        <span class="field-error" id={`${id}-distance-error`}>
          {DISTANCE_ERROR} La distance appliquée reste {props.value} km.
        </span>
      )}
    </div>
  );
}
