// The one place where map classes, colours and legend text are decided: the map, its legend and
// the COTECH handout all read from here, so what a reader sees on the map matches the legend.
import { formatDecimal, formatInt } from '../format.ts';
import type { Figure } from '../state.ts';

export interface FigureDefinition {
  label: string;
  /** Short label for the table header and legend title. */
  short: string;
  integer: boolean;
  /** Fixed class lower bounds (the percentage has a natural scale); else quantiles of the data. */
  fixedBreaks?: number[];
  unit?: string;
}

export const FIGURES: Record<Figure, FigureDefinition> = {
  beneficiaries: { label: 'Bénéficiaires distincts sur la cohorte', short: 'Bénéficiaires', integer: true },
  per10k: { label: 'Bénéficiaires pour 10 000 habitants', short: 'Pour 10 000 hab.', integer: false },
  jobsConsolidated: { label: 'Emplois consolidés (ETP)', short: 'Emplois consolidés', integer: false },
  populationWithinDistancePct: {
    label: 'Part de la population à portée d’un lieu d’accueil',
    short: 'Population à portée',
    integer: true,
    fixedBreaks: [0, 25, 50, 75, 90],
    unit: ' %',
  },
  // Issue 13: what the capacities of the agreements and aids lead to expect (server/figures/equity.ts), in %.
  coverageProbability: {
    label: 'Couverture attendue des capacités (probabilité d’au moins un bénéficiaire)',
    short: 'Couverture attendue',
    integer: true,
    fixedBreaks: [0, 20, 50, 80, 95],
    unit: ' %',
  },
};

/**
 * Sequential, colour-blind-safe palette (ColorBrewer YlGnBu), light to dark. Its pale yellow end (#ffffcc) was
 * dropped: 1.03:1 against white and against the zero class (issue 9). White marks "zero", which the uncovered
 * hatching then overlays. Every fill has an outline of at least 3:1 against white (EPCI_OUTLINE on the map,
 * the swatches' border in the legend), which is what tells the lightest class from the page.
 */
export const PALETTE = ['#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'] as const;
export const ZERO_COLOR = '#ffffff';
/** EPCI borders on the map and legend swatch borders: 7:1 against white. */
export const EPCI_OUTLINE = '#5a5a5a';
export const NO_DATA_COLOR = '#d9d9d9';
/** EPCIs whose figure the secrecy of small numbers masks: a neutral grey, darker than « no data ». */
export const MASKED_COLOR = '#9e9e9e';
/** Outline of underserved EPCIs (also dashed, so it does not rely on colour alone). */
export const UNDERSERVED_COLOR = '#b2182b';
/** Outline of the EPCIs with a TESS-funded ESS action plan (long dashes; 5:1 against white, apart from the palette). */
export const TESS_COLOR = '#8c510a';
/** Outline of the EPCIs uncovered where coverage was expected (« écart à l'attendu »): dotted, 4.6:1 against white. */
export const GAP_COLOR = '#b35806';
/** Outline of the agreed territory chosen on the map: black, dash-dot. */
export const TERRITORY_COLOR = '#000000';
/** Communes in no EPCI (L'Île-d'Yeu): not an EPCI, so not in the EPCI classes. */
export const OUTSIDE_EPCI_FILL = '#efe6d2';

export interface Classes {
  /** Lower bound of each class, ascending; the first class starts at its bound (inclusive). */
  lowers: number[];
  colors: string[];
  /** Whether a separate "0" class exists (values exactly 0). */
  zeroClass: boolean;
  labels: string[];
}

/** Rounds to a readable number (1, 2, 2.5, 5 × 10ⁿ) not above `value`. */
export function niceFloor(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  let best = power;
  for (const step of steps) if (step * power <= value + 1e-9) best = step * power;
  return best;
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const base = Math.floor(position);
  const rest = position - base;
  return sorted[base + 1] !== undefined
    ? sorted[base] + rest * (sorted[base + 1] - sorted[base])
    : sorted[base];
}

function format(value: number, def: FigureDefinition): string {
  return (def.integer ? formatInt(value) : formatDecimal(value)) + (def.unit ?? '');
}

/**
 * Classes for a figure over the EPCIs' values: quantiles of the non-zero values rounded to readable
 * bounds (at most 5 classes, fewer when values repeat), plus a "0" class when some values are 0.
 */
export function classify(values: number[], figure: Figure, classCount = PALETTE.length): Classes {
  const def = FIGURES[figure];
  const finite = values.filter((v) => Number.isFinite(v));
  const zeroClass = !def.fixedBreaks && finite.some((v) => v === 0);
  let lowers: number[];
  if (def.fixedBreaks) {
    lowers = [...def.fixedBreaks];
  } else {
    const positive = finite.filter((v) => v > 0).sort((a, b) => a - b);
    if (positive.length === 0) {
      lowers = [];
    } else {
      const raw = [positive[0]];
      for (let i = 1; i < classCount; i++) raw.push(quantile(positive, i / classCount));
      lowers = [];
      for (const [i, bound] of raw.entries()) {
        // the first bound is the smallest value (kept exact for integers so "1 à …" reads right)
        const rounded =
          i === 0
            ? def.integer
              ? Math.ceil(bound)
              : niceFloor(bound)
            : def.integer
              ? Math.max(1, Math.round(niceFloor(bound)))
              : niceFloor(bound);
        if (lowers.length === 0 || rounded > lowers[lowers.length - 1]) lowers.push(rounded);
      }
    }
  }
  // spread the palette over the classes actually present, keeping the darkest for the top class
  const colors = lowers.map(
    (_, i) =>
      PALETTE[
        lowers.length === 1
          ? PALETTE.length - 1
          : Math.round((i * (PALETTE.length - 1)) / (lowers.length - 1))
      ],
  );
  const labels = lowers.map((lower, i) => {
    const next = lowers[i + 1];
    if (next === undefined) return `${format(lower, def)} et plus`;
    if (def.integer && !def.unit)
      return lower === next - 1 ? format(lower, def) : `${format(lower, def)} à ${format(next - 1, def)}`;
    return `de ${format(lower, def)} à moins de ${format(next, def)}`;
  });
  return { lowers, colors, zeroClass, labels: zeroClass ? ['0', ...labels] : labels };
}

/** Fill colour of one value under the given classes. */
export function colorFor(value: number | null | undefined, classes: Classes): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA_COLOR;
  if (classes.zeroClass && value === 0) return ZERO_COLOR;
  let color: string = classes.lowers.length ? classes.colors[0] : ZERO_COLOR;
  for (let i = 0; i < classes.lowers.length; i++) if (value >= classes.lowers[i]) color = classes.colors[i];
  return color;
}

export interface LegendEntry {
  color: string;
  label: string;
}

/** The legend's colour entries, in the same order as the classes (zero first). */
export function legendEntries(classes: Classes): LegendEntry[] {
  const colored = classes.lowers.map((_, i) => ({
    color: classes.colors[i],
    label: classes.labels[i + (classes.zeroClass ? 1 : 0)],
  }));
  return classes.zeroClass ? [{ color: ZERO_COLOR, label: '0' }, ...colored] : colored;
}

/** Scheme colours for site markers (Okabe–Ito, distinguishable with colour-vision deficiencies). */
export const SCHEME_COLORS: Record<string, string> = {
  ACCESS: '#d55e00',
  DLA: '#cc79a7',
  FIDESS: '#e69f00',
  DASESS: '#000000',
};
export const OTHER_SCHEME_COLOR = '#56b4e9';

export function schemeColor(scheme: string | undefined): string {
  return (scheme && SCHEME_COLORS[scheme]) || OTHER_SCHEME_COLOR;
}
