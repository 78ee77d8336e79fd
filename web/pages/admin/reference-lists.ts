// Lists the administration forms choose from: operators and schemes (fetched), départements of the region.
import { useApi } from '../../use-api.ts';
import type { OperatorView } from './operators-section.tsx';

export interface SchemeView {
  code: string;
  name: string;
  kind: 'operator' | 'direct_aid';
  stages: string[];
  rules: Array<{ rule: string; severity: 'error' | 'warning'; params: Record<string, unknown>; enabled: boolean }>;
}

/** The region's five départements (Hauts-de-France, region 32). */
export const DEPARTEMENTS = [
  { value: '02', label: 'Aisne (02)' },
  { value: '59', label: 'Nord (59)' },
  { value: '60', label: 'Oise (60)' },
  { value: '62', label: 'Pas-de-Calais (62)' },
  { value: '80', label: 'Somme (80)' },
];

export function useOperators() {
  return useApi<OperatorView[]>('/operators');
}

export function useSchemes() {
  return useApi<SchemeView[]>('/schemes');
}
