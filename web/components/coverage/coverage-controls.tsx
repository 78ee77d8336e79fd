// Figure, schemes, cohort (with presets), basis and distance: the filters of a coverage view.
import { useId } from 'preact/hooks';
import { FIGURES } from '../../map/choropleth.ts';
import { type Basis, type Figure, type Filters, FIRST_YEAR, LAST_YEAR, SCHEMES } from '../../state.ts';

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

export function CoverageControls(props: Props) {
  const id = useId();
  const { value, onChange } = props;
  const toggleScheme = (code: string, on: boolean) => {
    const next = on ? [...value.schemes, code] : value.schemes.filter((s) => s !== code);
    onChange({ schemes: SCHEMES.map((s) => s.code).filter((c) => next.includes(c)) });
  };
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
      <fieldset>
        <legend>Dispositifs</legend>
        <div class="checks">
          {SCHEMES.map((s) => (
            <label key={s.code}>
              <input type="checkbox" checked={value.schemes.includes(s.code)} onChange={(e) => toggleScheme(s.code, e.currentTarget.checked)} />
              {s.label}
            </label>
          ))}
        </div>
        {value.schemes.length === 0 && <p class="hint">Cochez au moins un dispositif.</p>}
      </fieldset>
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
      <div class="field">
        <label for={`${id}-distance`}>Distance de proximité (km)</label>
        <input
          id={`${id}-distance`}
          type="number"
          min={1}
          max={100}
          step={1}
          value={value.distanceKm}
          onChange={(e) => {
            const km = Number(e.currentTarget.value);
            if (Number.isFinite(km) && km >= 1 && km <= 100) onChange({ distanceKm: Math.round(km) });
          }}
        />
      </div>
    </div>
  );
}
