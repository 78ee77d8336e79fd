// Commune search as an ARIA combobox (WAI-ARIA 1.2 pattern: editable input with a list popup):
// type a name, INSEE code or postcode; ↓/↑ move through the suggestions, Entrée chooses, Échap closes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';

export interface CommuneChoice {
  code: string;
  name: string;
  postcodes?: string[];
  epciName?: string | null;
  lat?: number | null;
  lon?: number | null;
}

/** The search answer as a list, whatever its envelope (array or `{communes|results|items}`). */
export function communeList(answer: unknown): CommuneChoice[] {
  const list = Array.isArray(answer)
    ? answer
    : ((answer as Record<string, unknown> | null)?.communes ?? (answer as Record<string, unknown> | null)?.results ?? (answer as Record<string, unknown> | null)?.items ?? []);
  if (!Array.isArray(list)) return [];
  return list
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && typeof (c as { code?: unknown }).code === 'string')
    .map((c) => ({
      code: String(c.code),
      name: String(c.name ?? c.nom ?? c.code),
      postcodes: Array.isArray(c.postcodes) ? c.postcodes.map(String) : undefined,
      epciName: typeof c.epciName === 'string' ? c.epciName : null,
      lat: typeof c.lat === 'number' ? c.lat : null,
      lon: typeof c.lon === 'number' ? c.lon : null,
    }));
}

export function communeLabel(c: CommuneChoice): string {
  const postcode = c.postcodes?.[0] ? ` (${c.postcodes[0]})` : '';
  return `${c.name}${postcode} — ${c.code}`;
}

interface Props {
  id: string;
  label: string;
  /** The chosen commune (its label shows in the input) */
  value: CommuneChoice | null;
  onChange: (commune: CommuneChoice | null) => void;
  error?: string;
  required?: boolean;
}

export function CommuneCombobox(props: Props) {
  const [text, setText] = useState(props.value ? communeLabel(props.value) : '');
  const [options, setOptions] = useState<CommuneChoice[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const listId = `${props.id}-listbox`;

  // Keep the input in step with a value chosen elsewhere (a click on the map).
  useEffect(() => {
    if (props.value) setText(communeLabel(props.value));
  }, [props.value?.code]);

  function search(q: string) {
    if (timer.current) clearTimeout(timer.current);
    if (q.trim().length < 2) {
      setOptions([]);
      setOpen(false);
      setStatus(q.trim() ? 'Tapez au moins 2 caractères.' : '');
      return;
    }
    timer.current = setTimeout(async () => {
      try {
        const found = communeList(await api.get(`/geo/communes?q=${encodeURIComponent(q.trim())}`)).slice(0, 12);
        setOptions(found);
        setOpen(found.length > 0);
        setActive(-1);
        setStatus(found.length ? `${found.length} commune${found.length > 1 ? 's' : ''} proposée${found.length > 1 ? 's' : ''} : flèches haut et bas pour choisir.` : 'Aucune commune trouvée.');
      } catch {
        setStatus('Recherche de communes indisponible.');
      }
    }, 200);
  }

  function choose(c: CommuneChoice) {
    setText(communeLabel(c));
    setOpen(false);
    setActive(-1);
    setStatus(`Commune choisie : ${communeLabel(c)}`);
    props.onChange(c);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open && options.length) setOpen(true);
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        choose(options[active]);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  }

  const describedBy = [`${props.id}-hint`, props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field combobox">
      <label for={props.id}>
        {props.label}
        {props.required ? ' (obligatoire)' : ''}
      </label>
      <span class="hint" id={`${props.id}-hint`}>
        Nom, code INSEE ou code postal ; choisissez dans la liste avec les flèches et Entrée.
      </span>
      <input
        id={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${props.id}-option-${active}` : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        value={text}
        onInput={(e) => {
          const value = (e.currentTarget as HTMLInputElement).value;
          setText(value);
          if (props.value) props.onChange(null);
          search(value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <div id={listId} role="listbox" aria-label={`Communes correspondant à « ${text} »`} hidden={!open}>
        {options.map((c, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: combobox pattern, focus stays in the input (aria-activedescendant)
          <div
            key={c.code}
            id={`${props.id}-option-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(c);
            }}
          >
            {communeLabel(c)}
            {c.epciName ? ` · ${c.epciName}` : ''}
          </div>
        ))}
      </div>
      <span class="visually-hidden" role="status" aria-live="polite">
        {status}
      </span>
      {props.error && (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
    </div>
  );
}
