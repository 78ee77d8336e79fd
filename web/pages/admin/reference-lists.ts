// Lists the administration forms choose from: operators, schemes and the region's départements (fetched).
import type { FeatureCollection, Geometry } from 'geojson';
import { useApi } from '../../use-api.ts';
import type { OperatorView } from './operators-section.tsx';

export interface SchemeView {
  code: string;
  name: string;
  kind: 'operator' | 'direct_aid';
  stages: string[];
  rules: Array<{ rule: string; severity: 'error' | 'warning'; params: Record<string, unknown>; enabled: boolean }>;
}

/** The départements of the region the server loaded, as checkbox options « Aisne (02) », by code. */
export function useDepartementOptions(): Array<{ value: string; label: string }> {
  const layer = useApi<FeatureCollection<Geometry, { code: string; name: string }>>('/geo/departements');
  return (layer.data?.features ?? [])
    .map((f) => ({ value: f.properties.code, label: `${f.properties.name} (${f.properties.code})` }))
    .sort((a, b) => a.value.localeCompare(b.value));
}

/** Operators under agreement; with `archived: true`, the archived ones too. */
export function useOperators(options: { archived?: boolean } = {}) {
  return useApi<OperatorView[]>(options.archived ? '/operators?archived=1' : '/operators');
}

export function useSchemes() {
  return useApi<SchemeView[]>('/schemes');
}
