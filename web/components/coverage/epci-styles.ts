import type { EpciStyle } from '../map/territory-map.tsx';
import { type Classes, classify, colorFor } from '../../map/choropleth.ts';
import type { Figure } from '../../state.ts';
import type { Coverage, EpciCoverage } from './types.ts';

export function figureValue(epci: EpciCoverage, figure: Figure): number {
  return epci[figure];
}

/** Classes of the chosen figure and each EPCI's style (fill, uncovered hatching, underserved outline). */
export function epciStylesFor(coverage: Coverage, figure: Figure, classes?: Classes): { classes: Classes; styles: Map<string, EpciStyle> } {
  const used = classes ?? classify(coverage.epcis.map((e) => figureValue(e, figure)), figure);
  const styles = new Map<string, EpciStyle>();
  for (const epci of coverage.epcis) {
    styles.set(epci.siren, { fill: colorFor(figureValue(epci, figure), used), hatched: !epci.covered, underserved: epci.underserved });
  }
  return { classes: used, styles };
}
