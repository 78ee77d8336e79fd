import type { EpciStyle } from '../map/territory-map.tsx';
import { type Classes, classify, colorFor, MASKED_COLOR } from '../../map/choropleth.ts';
import type { Figure } from '../../state.ts';
import type { Coverage, EpciCoverage } from './types.ts';

/** The EPCI's value of the figure; null when the secrecy of small numbers masks it. */
export function figureValue(epci: EpciCoverage, figure: Figure): number | null {
  if (figure === 'coverageProbability') return epci.coverageProbability === undefined ? null : Math.round(epci.coverageProbability * 100);
  return epci.hidden?.[figure] ? null : epci[figure];
}

/** The values the classes are drawn from: masked ones are left out (they would place a small count). */
export function knownValues(epcis: readonly EpciCoverage[], figure: Figure): number[] {
  return epcis.map((e) => figureValue(e, figure)).filter((v): v is number => v !== null);
}

/** Classes of the chosen figure and each EPCI's style (fill, uncovered hatching, underserved outline). */
export function epciStylesFor(coverage: Coverage, figure: Figure, classes?: Classes): { classes: Classes; styles: Map<string, EpciStyle> } {
  const used = classes ?? classify(knownValues(coverage.epcis, figure), figure);
  const styles = new Map<string, EpciStyle>();
  for (const epci of coverage.epcis) {
    const value = figureValue(epci, figure);
    styles.set(epci.siren, { fill: value === null ? MASKED_COLOR : colorFor(value, used), hatched: !epci.covered, underserved: epci.underserved, gap: epci.expectedGap === true });
  }
  return { classes: used, styles };
}
