// Choose an EPCI by typing its name: the keyboard way to the side panel (no mouse on the map needed).
import { useId, useMemo, useState } from 'preact/hooks';

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function EpciSearch(props: { epcis: { siren: string; name: string }[]; onSelect: (siren: string) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    const q = fold(query.trim());
    if (q.length < 2) return [];
    return props.epcis.filter((e) => fold(e.name).includes(q) || e.siren.startsWith(q)).slice(0, 8);
  }, [query, props.epcis]);
  const choose = (siren: string) => {
    props.onSelect(siren);
    setQuery('');
  };
  return (
    <div class="field epci-search">
      <label for={`${id}-q`}>Rechercher un EPCI</label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        placeholder="Nom ou SIREN"
        aria-describedby={`${id}-status`}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) {
            e.preventDefault();
            choose(matches[0].siren);
          }
        }}
      />
      <p id={`${id}-status`} class="visually-hidden" aria-live="polite">
        {query.trim().length >= 2 ? `${matches.length} EPCI trouvé${matches.length > 1 ? 's' : ''}` : ''}
      </p>
      {matches.length > 0 && (
        <ul class="search-results" aria-label="EPCI trouvés">
          {matches.map((e) => (
            <li key={e.siren}>
              <button type="button" onClick={() => choose(e.siren)}>
                {e.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
