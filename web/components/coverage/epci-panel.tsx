// The side panel of one EPCI: its figures and the sites that serve it (within the distance).
import { useEffect, useState } from 'preact/hooks';
import { EPCI_TYPE_LABELS, formatDecimal, formatInt, formatKm, formatMasked, formatPct, SITE_KIND_LABELS } from '../../format.ts';
import { distanceToPolygonKm } from '../../map/geometry.ts';
import { loadMapGeography } from '../../map/geography.ts';
import { schemeNames, useAppState } from '../../state.ts';
import type { SiteView } from '../map/territory-map.tsx';
import { reachText } from './coverage-table.tsx';
import type { EpciCoverage } from './types.ts';

interface Props {
  epci: EpciCoverage;
  sites: SiteView[];
  distanceKm: number;
  operatorNames: Map<string, string>;
  onClose: () => void;
  /** Small-number threshold when the figures are masked */
  threshold?: number;
}

export function EpciPanel(props: Props) {
  const { epci } = props;
  const { regionIn } = useAppState().server.value;
  const [serving, setServing] = useState<Array<SiteView & { km: number }> | null>(null);
  useEffect(() => {
    let cancelled = false;
    loadMapGeography().then((geo) => {
      if (cancelled) return;
      const feature = geo.bySiren.get(epci.siren);
      if (!feature) return setServing([]);
      const near = props.sites
        .map((site) => ({ ...site, km: distanceToPolygonKm(feature.geometry, [site.lon, site.lat]) }))
        .filter((site) => site.km <= props.distanceKm)
        .sort((a, b) => a.km - b.km);
      setServing(near);
    }, () => setServing([]));
    return () => {
      cancelled = true;
    };
  }, [epci.siren, props.sites, props.distanceKm]);

  return (
    // Échap anywhere in the panel closes it, like its button (the page then gives focus back)
    <aside
      class="side-panel"
      aria-labelledby="epci-panel-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onClose();
        }
      }}
    >
      <h2 id="epci-panel-title" tabIndex={-1}>
        {epci.name}
      </h2>
      <p class="note">
        {epci.typeLabel ?? EPCI_TYPE_LABELS[epci.type] ?? epci.type} · SIREN {epci.siren}
        {epci.interregional ? ` · seule sa partie ${regionIn} compte` : ''}
      </p>
      <dl>
        <dt>Population</dt>
        <dd>{formatInt(epci.population)}</dd>
        <dt>Bénéficiaires</dt>
        <dd>{formatMasked(epci.beneficiaries, epci, 'beneficiaries', props.threshold)}</dd>
        <dt>Pour 10 000 habitants</dt>
        <dd>{formatMasked(epci.per10k, epci, 'per10k', props.threshold, formatDecimal)}</dd>
        <dt>Emplois consolidés (ETP)</dt>
        <dd>{formatMasked(epci.jobsConsolidated, epci, 'jobsConsolidated', props.threshold, formatDecimal)}</dd>
        <dt>Couvert</dt>
        <dd>{epci.covered ? 'Oui' : 'Non'}</dd>
        <dt>Population à {props.distanceKm} km d’un lieu</dt>
        <dd>{formatPct(epci.populationWithinDistancePct)}</dd>
        <dt>Distance moyenne au lieu le plus proche</dt>
        <dd>{formatKm(epci.nearestSiteKm)}</dd>
        <dt>Sous-desservi</dt>
        <dd>{epci.underserved ? 'Oui' : 'Non'}</dd>
        {epci.coverageProbability !== undefined && (
          <>
            <dt>Couverture attendue des capacités</dt>
            <dd>
              {formatPct(epci.coverageProbability * 100)} (λ = {formatDecimal(epci.expectedFromCapacity ?? 0, 2)})
              {epci.expectedGap ? ' : écart à l’attendu' : ''}
            </dd>
          </>
        )}
        {epci.reach && (
          <>
            <dt>Accompagnements sur site / en visite / à distance</dt>
            <dd>
              {reachText(epci.reach)}
              {epci.distanceOnly ? ' : atteint seulement à distance' : epci.presence === 'visit' ? ' : présence par des visites en entreprise' : ''}
            </dd>
          </>
        )}
        {epci.tess !== undefined && (
          <>
            <dt>Plan d’action ESS financé par TESS</dt>
            <dd>{epci.tess ? 'Oui' : 'Non'}</dd>
          </>
        )}
        {epci.expected !== undefined && (
          <>
            <dt>Bénéficiaires attendus (part de population)</dt>
            <dd>{formatDecimal(epci.expected)}</dd>
          </>
        )}
      </dl>
      <h3>Lieux à moins de {props.distanceKm} km</h3>
      {serving === null ? (
        <p role="status">Calcul des distances…</p>
      ) : serving.length === 0 ? (
        <p>Aucun lieu d’accueil ouvert à moins de {props.distanceKm} km pour ces dispositifs.</p>
      ) : (
        <ul>
          {serving.map((site) => (
            <li key={site.id}>
              <strong>{site.name}</strong> ({SITE_KIND_LABELS[site.kind]}, {props.operatorNames.get(site.operator) ?? site.operator}) —{' '}
              {site.km === 0 ? 'dans l’EPCI' : `à ${formatDecimal(site.km)} km`} · {schemeNames(site.schemes)}
              {site.schedule ? ` · ${site.schedule}` : ''}
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button secondary" onClick={props.onClose}>
        Fermer le panneau
      </button>
    </aside>
  );
}
