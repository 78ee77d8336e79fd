// The browser's copy of the region's geography: one TopoJSON request (EPCIs, départements, region),
// decoded once per page load and shared by every map on the page.
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { feature, merge, mesh } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { api } from '../api.ts';

export interface EpciProperties {
  siren: string;
  name: string;
  type: string;
  population: number;
  interregional: boolean;
}

export type EpciFeature = Feature<Polygon | MultiPolygon, EpciProperties>;

/** A commune that belongs to no EPCI (L'Île-d'Yeu in Pays de la Loire), drawn as such. */
export interface OutsideEpciProperties {
  code: string;
  name: string;
  population: number;
}

export interface MapGeography {
  /** [west, south, east, north] in degrees */
  bbox: [number, number, number, number];
  epcis: FeatureCollection<Polygon | MultiPolygon, EpciProperties>;
  bySiren: Map<string, EpciFeature>;
  /** The communes in no EPCI (empty for most regions) */
  outsideEpci: FeatureCollection<Polygon | MultiPolygon, OutsideEpciProperties>;
  /** Borders between départements (each drawn once) and the region's outline. */
  departementBorders: MultiLineString;
  regionOutline: MultiLineString;
  /** Outline of the union of a set of EPCIs (a vigilance zone). */
  unionOf(sirens: string[]): MultiPolygon;
}

export const EPCI_LAYER_PATH = '/geo/epcis.topojson';

let cached: Promise<MapGeography> | null = null;

/** Fetches and decodes the EPCI layer once; later calls share the same promise. */
export function loadMapGeography(): Promise<MapGeography> {
  if (!cached) {
    cached = api.get<Topology>(EPCI_LAYER_PATH).then(decode);
    cached.catch(() => {
      cached = null; // let a later attempt retry
    });
  }
  return cached;
}

export function decode(topology: Topology): MapGeography {
  const epciObject = topology.objects.epcis as GeometryCollection<EpciProperties>;
  const epcis = feature(topology, epciObject) as FeatureCollection<Polygon | MultiPolygon, EpciProperties>;
  const bySiren = new Map(epcis.features.map((f) => [f.properties.siren, f]));
  const departements = topology.objects.departements as GeometryCollection | undefined;
  const region = topology.objects.region as GeometryObject | undefined;
  const bbox = (topology.bbox ?? [1.38, 48.83, 4.26, 51.09]) as [number, number, number, number];
  const outsideObject = topology.objects.outsideEpci as GeometryCollection<OutsideEpciProperties> | undefined;
  const outsideEpci = outsideObject
    ? (feature(topology, outsideObject) as FeatureCollection<Polygon | MultiPolygon, OutsideEpciProperties>)
    : { type: 'FeatureCollection' as const, features: [] };
  return {
    bbox,
    epcis,
    bySiren,
    outsideEpci,
    departementBorders: departements ? mesh(topology, departements, (a, b) => a !== b) : { type: 'MultiLineString', coordinates: [] },
    regionOutline: region ? mesh(topology, region as GeometryObject) : { type: 'MultiLineString', coordinates: [] },
    unionOf(sirens) {
      const wanted = new Set(sirens);
      return merge(
        topology,
        epciObject.geometries.filter((g) => wanted.has(String((g.properties as EpciProperties | undefined)?.siren ?? g.id))) as never[],
      );
    },
  };
}
