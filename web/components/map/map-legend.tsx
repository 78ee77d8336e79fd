// The map's legend, as HTML beside the map (readable, printable): colour classes, hatching,
// underserved outline, site shapes and scheme colours. Entries come from web/map/choropleth.ts.
import { type Classes, FIGURES, GAP_COLOR, legendEntries, MASKED_COLOR, OUTSIDE_EPCI_FILL, SCHEME_COLORS, TERRITORY_COLOR, TESS_COLOR, UNDERSERVED_COLOR } from '../../map/choropleth.ts';
import type { Figure } from '../../state.ts';
import { OPERATOR_SCHEMES } from '../../state.ts';
import { siteShapeSvg } from './territory-map.tsx';

export function MapLegend(props: {
  figure: Figure;
  classes: Classes;
  distanceKm: number;
  showSites?: boolean;
  headingLevel?: 2 | 3;
  maskedThreshold?: number;
  /** The TESS layer is drawn */
  showTess?: boolean;
  /** The region has communes in no EPCI, drawn apart */
  outsideEpci?: boolean;
  /** An agreed territory is outlined */
  territory?: string | null;
}) {
  const def = FIGURES[props.figure];
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const title = props.figure === 'populationWithinDistancePct' ? `${def.label} (${props.distanceKm} km)` : def.label;
  return (
    <div class="map-legend legend">
      <Heading>Légende : {title}</Heading>
      <ul class="legend-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {legendEntries(props.classes).map((entry) => (
          <li class="legend-row" key={entry.label}>
            <span class="swatch" style={{ background: entry.color }} aria-hidden="true" />
            {entry.label}
          </li>
        ))}
        {props.maskedThreshold !== undefined && (
          <li class="legend-row">
            <span class="swatch" style={{ background: MASKED_COLOR }} aria-hidden="true" />
            Gris : secret statistique (moins de {props.maskedThreshold} bénéficiaires, ou masqué pour qu’un total ne le dévoile pas)
          </li>
        )}
        <li class="legend-row">
          <span class="swatch hatched" aria-hidden="true" />
          Hachuré : EPCI non couvert (aucun bénéficiaire sur la cohorte)
        </li>
        <li class="legend-row">
          <span class="swatch" style={{ border: `3px dashed ${UNDERSERVED_COLOR}`, background: 'transparent' }} aria-hidden="true" />
          Contour tireté rouge : EPCI sous-desservi (test de Poisson)
        </li>
        <li class="legend-row">
          <span class="swatch" style={{ border: `3px dotted ${GAP_COLOR}`, background: 'transparent' }} aria-hidden="true" />
          Pointillé orangé : écart à l’attendu (non couvert alors que les capacités rendaient la couverture probable)
        </li>
        <li class="legend-row">
          <span class="swatch" style={{ border: '3px dotted #6a3d9a', background: 'transparent' }} aria-hidden="true" />
          Pointillé violet : zone de vigilance
        </li>
        {props.territory && (
          <li class="legend-row">
            <span class="swatch" style={{ border: `3px dashed ${TERRITORY_COLOR}`, background: 'transparent' }} aria-hidden="true" />
            Trait mixte noir : territoire conventionné ({props.territory})
          </li>
        )}
        {props.showTess && (
          <li class="legend-row">
            <span class="swatch" style={{ border: `3px dashed ${TESS_COLOR}`, background: 'transparent' }} aria-hidden="true" />
            Long tireté brun : EPCI doté d’un plan d’action ESS financé par TESS
          </li>
        )}
        {props.outsideEpci && (
          <li class="legend-row">
            <span class="swatch" style={{ border: '1px dashed #000', background: OUTSIDE_EPCI_FILL }} aria-hidden="true" />
            Beige, contour tireté : commune hors EPCI (chiffres dans le tableau)
          </li>
        )}
      </ul>
      {props.showSites !== false && (
        <>
          <p style={{ margin: '0.4rem 0 0.2rem', fontWeight: 600 }}>Lieux d’accueil (forme = type, couleur = dispositif)</p>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {(['hq', 'branch', 'outreach'] as const).map((kind) => (
              <li class="legend-row" key={kind}>
                <span dangerouslySetInnerHTML={{ __html: siteShapeSvg(kind, '#555555', 14) }} />
                {kind === 'hq' ? 'Carré : siège' : kind === 'branch' ? 'Rond : antenne' : 'Triangle : permanence'}
              </li>
            ))}
            {OPERATOR_SCHEMES.map((scheme) => (
              <li class="legend-row" key={scheme.code}>
                <span class="swatch" style={{ background: SCHEME_COLORS[scheme.code] }} aria-hidden="true" />
                {scheme.label}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
