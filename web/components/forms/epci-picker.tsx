// Choosing EPCIs: a filter box and a checkbox list of the region's 92 EPCIs (names from /geo/epcis).
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../../use-api.ts';

export interface EpciOption {
  siren: string;
  name: string;
  type?: string;
}

interface EpciCollection {
  features: Array<{ properties: { siren: string; name: string; type?: string } }>;
}

/** The region's EPCIs sorted by name (null while loading). */
export function useEpcis(): { epcis: EpciOption[] | null; error: unknown } {
  const answer = useApi<EpciCollection>('/geo/epcis');
  const epcis = useMemo(
    () =>
      answer.data?.features
        .map((f) => ({ siren: f.properties.siren, name: f.properties.name, type: f.properties.type }))
        .sort((a, b) => a.name.localeCompare(b.name, 'fr')) ?? null,
    [answer.data],
  );
  return { epcis, error: answer.error };
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

export function EpciPicker(props: { id: string; legend: string; hint?: string; error?: string; values: string[]; onChange: (values: string[]) => void }) {
  const { epcis, error } = useEpcis();
  const [filter, setFilter] = useState('');
  const shown = (epcis ?? []).filter((e) => !filter || fold(e.name).includes(fold(filter)) || e.siren.startsWith(filter));
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="field" aria-describedby={describedBy}>
      <legend>
        {props.legend} ({props.values.length} choisi{props.values.length > 1 ? 's' : ''})
      </legend>
      {props.hint && (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      <label for={`${props.id}-filter`}>Filtrer les EPCI par nom ou SIREN</label>
      <input id={`${props.id}-filter`} type="search" value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />
      {error !== null && <p class="field-error">Liste des EPCI indisponible.</p>}
      {!epcis && error === null && <p>Chargement des EPCI…</p>}
      <div class="checkbox-list" id={props.id}>
        {shown.map((e) => (
          <label key={e.siren}>
            <input
              type="checkbox"
              checked={props.values.includes(e.siren)}
              onChange={(ev) =>
                props.onChange(
                  (ev.currentTarget as HTMLInputElement).checked ? [...props.values, e.siren] : props.values.filter((v) => v !== e.siren),
                )
              }
            />{' '}
            {e.name}
          </label>
        ))}
      </div>
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </fieldset>
  );
}
