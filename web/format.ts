// French number, date and period formatting, in one place.

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : integer.format(value);
}

export function formatDecimal(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return digits === 1 ? decimal1.format(value) : new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(value);
}

/** A percentage given as 0–100. */
/**
 * A percentage in French. Rounding never shows 100 % for less than all, nor 0 % for more than none:
 * "100 % of the population covered" beside "91 / 92 EPCIs covered" would read as a contradiction.
 */
export function formatPct(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  let shown = digits;
  const misleading = (d: number) => {
    const rounded = Number(value.toFixed(d));
    return (rounded >= 100 && value < 100) || (rounded <= 0 && value > 0);
  };
  while (shown < digits + 3 && misleading(shown)) shown++;
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: shown }).format(value)} %`;
}

export function formatKm(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${formatDecimal(value)} km`;
}

/** Per row, the figures the secrecy of small numbers masked: 'small' (below the threshold) or 'complement'. */
export type Hidden = Record<string, 'small' | 'complement'> | undefined;

/**
 * A figure that may be masked: « < 3 » for a small count, « secret » for one hidden so that a total does
 * not give a small one back, else the value formatted.
 */
export function formatMasked(
  value: number | null | undefined,
  row: { hidden?: Hidden },
  field: string,
  threshold = 3,
  format: (value: number | null | undefined) => string = formatInt,
): string {
  const reason = row.hidden?.[field];
  if (reason === 'small') return `< ${threshold}`;
  if (reason === 'complement') return 'secret';
  return format(value);
}

/** '2025-Q1' → 'T1 2025' (DOMAIN vocabulary). */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  return match ? `T${match[2]} ${match[1]}` : period;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
}

export { outsideEpciLabel } from '../geo/labels.ts';

export const EPCI_TYPE_LABELS: Record<string, string> = {
  METRO: 'Métropole',
  CU: 'Communauté urbaine',
  CA: 'Communauté d’agglomération',
  CC: 'Communauté de communes',
};

export const SITE_KIND_LABELS: Record<string, string> = { hq: 'Siège', branch: 'Antenne', outreach: 'Permanence' };

export const BASIS_LABELS: Record<string, string> = { validated: 'rapports validés', submitted: 'validés et soumis (provisoire)' };

export function cohortLabel(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}
