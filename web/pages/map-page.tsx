// Carte: EPCIs coloured by a figure over a cohort, sites, zones, a side panel, and the same figures
// in a table below (the accessible alternative).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { apiUrl } from '../api.ts';
import { CoverageControls } from '../components/coverage/coverage-controls.tsx';
import { CoverageTable, OutsideEpciTable } from '../components/coverage/coverage-table.tsx';
import { ReportingNotes } from '../components/coverage/reporting-notes.tsx';
import { EpciPanel } from '../components/coverage/epci-panel.tsx';
import { EpciSearch } from '../components/coverage/epci-search.tsx';
import { epciStylesFor, figureValue } from '../components/coverage/epci-styles.ts';
import { CoverageSummary } from '../components/coverage/coverage-summary.tsx';
import type { Coverage, OperatorView } from '../components/coverage/types.ts';
import { MapLegend } from '../components/map/map-legend.tsx';
import { type SiteView, TerritoryMap } from '../components/map/territory-map.tsx';
import { DataTable } from '../components/data-table.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { EmptyState, ErrorMessage, Loading } from '../components/status.tsx';
import { BASIS_LABELS, cohortLabel, formatDecimal, formatInt, formatMasked, formatPct, SITE_KIND_LABELS } from '../format.ts';
import { FIGURES } from '../map/choropleth.ts';
import { focusById, focusSoon } from '../focus.ts';
import { replaceQuery } from '../router.ts';
import { type Filters, filtersToSearch, schemeNames, useAppState } from '../state.ts';
import { useApi } from '../use-api.ts';

/** Sites open at some point of the cohort and offering one of the chosen schemes. */
export function sitesFor(sites: SiteView[] | undefined, filters: Filters): SiteView[] | undefined {
  if (!sites) return undefined;
  const start = `${filters.from}-01-01`;
  const end = `${filters.to}-12-31`;
  return sites.filter(
    (s) =>
      (!s.opened || s.opened <= end) && (!s.closed || s.closed >= start) && s.schemes.some((scheme) => filters.schemes.includes(scheme)),
  );
}

/** The sites drawn on the map, as text (the markers are not keyboard targets). */
function SitesTable(props: { sites: SiteView[]; cohort: string }) {
  return (
    <details>
      <summary>
        Liste des {formatInt(props.sites.length)} lieux d’accueil ouverts sur la cohorte {props.cohort}
      </summary>
      <DataTable<SiteView>
        caption={`Lieux d’accueil (sièges, antennes, permanences) des dispositifs choisis, cohorte ${props.cohort}`}
        rows={props.sites}
        rowKey={(s) => String(s.id)}
        class="compact"
        initialSort={{ key: 'operator', direction: 'ascending' }}
        columns={[
          { key: 'name', label: 'Lieu', rowHeader: true, value: (s) => s.name },
          { key: 'kind', label: 'Type', value: (s) => SITE_KIND_LABELS[s.kind] ?? s.kind },
          { key: 'operator', label: 'Opérateur', value: (s) => s.operatorName ?? s.operator },
          { key: 'commune', label: 'Commune', value: (s) => s.communeName ?? s.commune ?? null },
          { key: 'address', label: 'Adresse', value: (s) => s.address ?? null },
          { key: 'schemes', label: 'Dispositifs', value: (s) => schemeNames(s.schemes) },
          { key: 'schedule', label: 'Horaires', value: (s) => s.schedule ?? null },
        ]}
      />
    </details>
  );
}

/** One agreement's territory and its gaps (GET /figures/agreements). */
export interface AgreementTerritory {
  id: number;
  operator: string;
  operatorName: string;
  scheme: string;
  territoryEpcis: string[];
  coveredEpcis: string[];
  gapEpcis: string[];
  beneficiariesOutside: number | null;
}

/** « Territoire conventionné » as a filter: an agreement's EPCIs outlined, the table narrowed to them. */
function TerritoryFilter(props: { agreements: AgreementTerritory[] | undefined; value: number | null; onChange: (id: number | null) => void }) {
  if (!props.agreements?.length) return null;
  return (
    <div class="field">
      <label for="territoire-conventionne">Territoire conventionné</label>
      <select id="territoire-conventionne" value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
        <option value="">Toute la région</option>
        {props.agreements.map((a) => (
          <option key={a.id} value={a.id}>
            {a.operatorName} – {schemeNames([a.scheme])} ({formatInt(a.territoryEpcis.length)} EPCI, {formatInt(a.gapEpcis.length)} en écart)
          </option>
        ))}
      </select>
    </div>
  );
}

const MAP_ID = 'carte-epci';
/** Where "Passer la carte" leads: the map's accessible alternative. */
const TABLE_HEADING_ID = 'tableau-des-epci';

export function MapPage() {
  const state = useAppState();
  const filters = state.filters.value;
  const query = state.coverageParams.value;
  const coverage = useApi<Coverage>(filters.schemes.length ? apiUrl('/figures/coverage', query) : null);
  const sites = useApi<SiteView[]>('/sites');
  const operators = useApi<OperatorView[]>('/operators');
  const [selected, setSelected] = useState<string | null>(null);
  const agreements = useApi<{ agreements: AgreementTerritory[] }>(
    apiUrl('/figures/agreements', { from: filters.from, to: filters.to, basis: filters.basis, distanceKm: filters.distanceKm }),
  );
  const [agreementId, setAgreementId] = useState<number | null>(null);
  const agreement = agreements.data?.agreements.find((a) => a.id === agreementId) ?? null;
  const [layers, setLayers] = useState({ departements: true, zones: false, sites: true, rings: false, tess: true });
  // TESS supports EPCIs (their ESS action plan): a layer of its own, offered when TESS is chosen.
  const tessChosen = filters.schemes.includes('TESS');

  const data = coverage.data;
  const styled = useMemo(() => (data ? epciStylesFor(data, filters.figure) : null), [data, filters.figure]);
  const operatorNames = useMemo(() => new Map((operators.data ?? []).map((o) => [o.id, o.name])), [operators.data]);
  const named = useMemo(
    () => sites.data?.map((s) => ({ ...s, operatorName: s.operatorName ?? operatorNames.get(s.operator) ?? null })),
    [sites.data, operatorNames],
  );
  const shownSites = useMemo(() => (layers.sites ? sitesFor(named, filters) : named ? [] : undefined), [named, filters, layers.sites]);
  const cohortSites = useMemo(() => sitesFor(named, filters) ?? [], [named, filters]);
  const bySiren = useMemo(() => new Map((data?.epcis ?? []).map((e) => [e.siren, e])), [data]);
  const zones = useMemo(() => data?.summary.byZone.map((z) => ({ id: z.id, name: z.name, epcis: z.epcis })), [data]);
  const tessEpcis = useMemo(() => data?.epcis.filter((e) => e.tess).map((e) => e.siren), [data]);
  const territory = useMemo(
    () => (agreement ? { id: String(agreement.id), name: `${agreement.operatorName} – ${schemeNames([agreement.scheme])}`, epcis: agreement.territoryEpcis } : null),
    [agreement],
  );
  const shownEpcis = useMemo(() => (data && agreement ? data.epcis.filter((e) => agreement.territoryEpcis.includes(e.siren)) : data?.epcis), [data, agreement]);
  const selectedEpci = selected ? bySiren.get(selected) : undefined;
  const def = FIGURES[filters.figure];
  const cohort = cohortLabel(filters.from, filters.to);

  // The address carries the filters: a map can be shared or bookmarked as it is.
  useEffect(() => replaceQuery(filtersToSearch(filters)), [filters]);

  // The map paints first; the summary and the 92-row table follow one frame later.
  const [showTables, setShowTables] = useState(false);
  useEffect(() => {
    if (!data || showTables) return;
    const timer = setTimeout(() => setShowTables(true), 0);
    return () => clearTimeout(timer);
  }, [data, showTables]);

  // Closing the panel gives focus back to what opened it: the table's button, the search box, the map.
  const opener = useRef<HTMLElement | null>(null);
  const select = (siren: string, from?: HTMLElement) => {
    opener.current = from ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    setSelected(siren);
    focusById('epci-panel-title');
  };
  const closePanel = () => {
    const back = opener.current?.isConnected && opener.current !== document.body ? opener.current : document.getElementById(MAP_ID);
    setSelected(null);
    opener.current = null;
    focusSoon(() => back);
  };
  const tooltipFor = (siren: string) => {
    const epci = bySiren.get(siren);
    if (!epci) return siren;
    const value = figureValue(epci, filters.figure);
    const format = def.unit === ' %' ? formatPct : def.integer ? formatInt : formatDecimal;
    const text = formatMasked(value, epci, filters.figure, data?.disclosure?.threshold, format);
    return `${epci.name} : ${text}${epci.covered ? '' : ' (non couvert)'}${epci.underserved ? ' (sous-desservi)' : ''}${epci.tess ? ' (plan d’action ESS TESS)' : ''}`;
  };
  const outsideTooltip = (code: string) => {
    const outside = data?.outsideEpci;
    const commune = outside?.communes.find((c) => c.code === code);
    if (!outside || !commune) return code;
    const count = formatMasked(outside.beneficiaries, outside, 'beneficiaries', data?.disclosure?.threshold);
    return `${commune.name} (commune hors EPCI) : ${count} bénéficiaire(s)${outside.communes.length > 1 ? ' avec les autres communes hors EPCI' : ''}`;
  };
  const toggle = (key: keyof typeof layers) => (e: Event) => setLayers({ ...layers, [key]: (e.currentTarget as HTMLInputElement).checked });

  return (
    <section>
      <PageTitle title="Carte de la couverture territoriale" />
      <p class="note">
        {def.label} par EPCI, cohorte {cohort}, {BASIS_LABELS[filters.basis]}, dispositifs {schemeNames(filters.schemes) || 'aucun'}.
      </p>
      <div class={`map-layout${selectedEpci ? ' with-panel' : ''}`}>
        <div>
          <CoverageControls value={filters} onChange={(patch) => state.setFilters(patch)} />
          <fieldset style={{ marginTop: '0.8rem' }}>
            <legend>Couches</legend>
            <div class="checks" style={{ flexDirection: 'column' }}>
              <label>
                <input type="checkbox" checked={layers.departements} onChange={toggle('departements')} /> Départements
              </label>
              <label>
                <input type="checkbox" checked={layers.zones} onChange={toggle('zones')} /> Zones de vigilance
              </label>
              <label>
                <input type="checkbox" checked={layers.sites} onChange={toggle('sites')} /> Lieux d’accueil
              </label>
              <label>
                <input type="checkbox" checked={layers.rings} onChange={toggle('rings')} /> Cercles de {filters.distanceKm} km
              </label>
              {tessChosen && (
                <label>
                  <input type="checkbox" checked={layers.tess} onChange={toggle('tess')} /> EPCI soutenus par TESS (plan d’action ESS)
                </label>
              )}
            </div>
          </fieldset>
          <TerritoryFilter agreements={agreements.data?.agreements} value={agreementId} onChange={setAgreementId} />
          {data && <EpciSearch epcis={data.epcis} onSelect={select} />}
        </div>
        <div>
          <div aria-live="polite">
            {coverage.loading && <Loading label="Calcul de la couverture…" />}
            {coverage.error !== null && <ErrorMessage error={coverage.error} onRetry={coverage.reload} title="Chiffres non chargés" />}
            {sites.error !== null && <ErrorMessage error={sites.error} onRetry={sites.reload} title="Lieux d’accueil non chargés" />}
            {filters.schemes.length === 0 && <EmptyState>Choisissez au moins un dispositif pour afficher la carte.</EmptyState>}
            {data?.reporting?.noDataYet && <EmptyState>Cohorte {cohort} : pas encore de données (aucun rapport n’est encore attendu).</EmptyState>}
          </div>
          <ReportingNotes coverage={data} />
          <TerritoryMap
            id={MAP_ID}
            skipTo={TABLE_HEADING_ID}
            label={`Carte des EPCI : ${def.label}, cohorte ${cohort}`}
            epciStyles={styled?.styles}
            awaitingData={!styled && filters.schemes.length > 0 && coverage.error === null}
            tooltipFor={tooltipFor}
            sites={shownSites}
            showRings={layers.rings}
            distanceKm={filters.distanceKm}
            showDepartements={layers.departements}
            zones={zones}
            showZones={layers.zones}
            tessEpcis={tessEpcis}
            showTess={tessChosen && layers.tess}
            territory={territory}
            outsideEpciTooltip={outsideTooltip}
            selectedSiren={selected}
            onSelectEpci={select}
            tilesUrl={state.server.value.tilesUrl}
            tilesAttribution={state.server.value.tilesAttribution}
          />
          {styled && (
            <MapLegend
              figure={filters.figure}
              classes={styled.classes}
              distanceKm={filters.distanceKm}
              maskedThreshold={data?.disclosure?.threshold}
              showTess={tessChosen && layers.tess}
              outsideEpci={!!data?.outsideEpci}
              territory={territory?.name}
            />
          )}
        </div>
        {selectedEpci && (
          <EpciPanel epci={selectedEpci} sites={cohortSites} distanceKm={filters.distanceKm} operatorNames={operatorNames} onClose={closePanel} threshold={data?.disclosure?.threshold} />
        )}
      </div>
      {data && !showTables && <Loading label="Préparation du tableau des EPCI…" />}
      {data && showTables && (
        <>
          <CoverageSummary coverage={data} />
          <h2 id={TABLE_HEADING_ID} tabIndex={-1}>
            Tableau des EPCI
          </h2>
          {agreement && (
            <p class="note" role="status">
              Territoire conventionné {territory?.name} : {formatInt(agreement.coveredEpcis.length)} EPCI couverts (bénéficiaires ou lieu à {filters.distanceKm} km) sur{' '}
              {formatInt(agreement.territoryEpcis.length)}
              {agreement.gapEpcis.length > 0
                ? ` ; écarts de la convention : ${agreement.gapEpcis.map((s) => bySiren.get(s)?.name ?? s).join(', ')}`
                : ' ; aucun écart'}
              {agreement.beneficiariesOutside ? ` ; ${formatInt(agreement.beneficiariesOutside)} bénéficiaire(s) hors de ce territoire.` : '.'}
            </p>
          )}
          <CoverageTable
            caption={`Couverture des ${formatInt(shownEpcis?.length ?? 0)} EPCI${agreement ? ' du territoire conventionné' : ''}, cohorte ${cohort} (${BASIS_LABELS[filters.basis]})`}
            epcis={shownEpcis ?? []}
            query={query}
            distanceKm={filters.distanceKm}
            selectedSiren={selected}
            onSelect={select}
            threshold={data.disclosure?.threshold}
            showTess={tessChosen}
          />
          {data.outsideEpci && <OutsideEpciTable outside={data.outsideEpci} distanceKm={filters.distanceKm} threshold={data.disclosure?.threshold} />}
          <p class="note">
            * EPCI interrégional : seule sa partie située {state.server.value.regionIn} (communes, population) est prise en compte.
          </p>
          <p class="note">Sous-desservi : {data.test.description}</p>
          {data.expectedModel && (
            <p class="note">
              {data.expectedModel.description} Seuil : {formatPct(data.expectedModel.threshold * 100)} ; base :{' '}
              {data.expectedModel.base === 'population' ? 'population' : 'établissements de l’ESS (panorama chargé par la Région)'} ;{' '}
              {formatDecimal(data.expectedModel.supports)} accompagnements attendus de {formatInt(data.expectedModel.capacities)} capacité(s)
              {data.expectedModel.withoutCapacity.length > 0
                ? ` ; ${formatInt(data.expectedModel.withoutCapacity.length)} convention(s) ou aide(s) sans capacité renseignée, laissée(s) de côté`
                : ''}
              .
            </p>
          )}
          <SitesTable sites={cohortSites} cohort={cohort} />
        </>
      )}
    </section>
  );
}
