// Choose an EPCI by typing its name: the keyboard way to the side panel (no mouse on the map needed).
// An ARIA combobox like the commune search (WAI-ARIA 1.2, list popup): ↓/↑ move through the EPCIs
// found, Entrée chooses (the first one when none is highlighted), Échap closes the list.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

interface Props {
  epcis: { siren: string; name: string }[];
  /** `input` is the search box, where focus can return once the panel is closed. */
  onSelect: (siren: string, input: HTMLElement) => void;
}

export function EpciSearch(props: Props) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const q = fold(query.trim());
    if (q.length < 2) return [];
    return props.epcis.filter((e) => fold(e.name).includes(q) || e.siren.startsWith(q)).slice(0, 8);
  }, [query, props.epcis]);
  const searched = query.trim().length >= 2;
  const open = matches.length > 0 && !closed;
  const inputId = `${id}-q`;
  const listId = `${id}-list`;
  // the highlighted EPCI stays in sight as the arrows move through a list longer than its box
  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);
  const choose = (siren: string) => {
    setQuery('');
    setActive(-1);
    props.onSelect(siren, input.current!); // the input is there: a choice is made from it
  };

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' && matches.length > 0) {
      e.preventDefault();
      setClosed(false);
      setActive((i) => (open ? Math.min(i + 1, matches.length - 1) : 0));
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && matches.length > 0) {
      e.preventDefault();
      choose(matches[open && active >= 0 ? active : 0].siren);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault(); // the list closes; the search text stays
      setClosed(true);
      setActive(-1);
    }
  }

  return (
    <div class="field epci-search">
      <label for={inputId}>Rechercher un EPCI</label>
      <input
        ref={input}
        id={inputId}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
        aria-describedby={`${id}-status`}
        value={query}
        placeholder="Nom ou SIREN"
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(-1);
          setClosed(false);
        }}
        onKeyDown={onKeyDown}
      />
      {/* visible when nothing matches; otherwise a count for screen readers */}
      <p id={`${id}-status`} class={searched && matches.length === 0 ? 'hint' : 'visually-hidden'} aria-live="polite">
        {!searched
          ? ''
          : matches.length === 0
            ? `Aucun EPCI ne correspond à « ${query.trim()} ».`
            : `${matches.length} EPCI trouvé${matches.length > 1 ? 's' : ''} : flèche bas pour les parcourir.`}
      </p>
      <div id={listId} role="listbox" class="search-results" aria-label="EPCI trouvés" hidden={!open}>
        {matches.map((e, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: combobox pattern, focus stays in the input (aria-activedescendant)
          <div
            key={e.siren}
            id={`${id}-option-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(event) => {
              event.preventDefault(); // focus stays in the input
              choose(e.siren);
            }}
          >
            {e.name}
          </div>
        ))}
      </div>
    </div>
  );
}
