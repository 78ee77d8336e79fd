// The simplified map layers (geo/data/<region>/epcis.topo.json), loaded once per geography on first use,
// as TopoJSON text for the browser and as GeoJSON for API clients.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import type { Epci, Geography } from './geography.ts';
import { geographyDirectory } from './load-geography.ts';

export type EpciLayerProperties = Omit<Epci, 'communeCodes'>;

export interface MapLayers {
  /** epcis.topo.json as written by the build (objects epcis, departements, region; shared arcs) */
  topojson: string;
  epcis: FeatureCollection<Polygon | MultiPolygon, EpciLayerProperties>;
  departements: FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;
  region: Feature<Polygon | MultiPolygon, { code: string; name: string }>;
}

const loaded = new WeakMap<Geography, MapLayers>();

/** 5 decimals ≈ 1 m: finer than the layer's 1e5 quantization, shorter than the decoded floats. */
const roundPosition = (p: Position): Position => [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];

function rounded<G extends Polygon | MultiPolygon>(geometry: G): G {
  return geometry.type === 'Polygon'
    ? ({ type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(roundPosition)) } as G)
    : ({ type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(roundPosition))) } as G);
}

export function mapLayers(geo: Geography): MapLayers {
  const cached = loaded.get(geo);
  if (cached) return cached;
  const topojson = readFileSync(join(geographyDirectory(geo), 'epcis.topo.json'), 'utf8');
  const topology = JSON.parse(topojson) as Topology;
  const collection = (name: string) =>
    (feature(topology, topology.objects[name] as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>).features;
  const epcis = collection('epcis').map((f) => {
    const { communeCodes: _codes, ...properties } = geo.epcis.get(String(f.id))!;
    return { type: 'Feature' as const, id: properties.siren, properties, geometry: rounded(f.geometry) };
  });
  const departements = collection('departements').map((f) => ({
    type: 'Feature' as const,
    id: String(f.id),
    properties: f.properties as { code: string; name: string },
    geometry: rounded(f.geometry),
  }));
  const region = feature(topology, topology.objects.region as GeometryObject) as Feature<Polygon | MultiPolygon, { code: string; name: string }>;
  const layers: MapLayers = {
    topojson,
    epcis: { type: 'FeatureCollection', features: epcis },
    departements: { type: 'FeatureCollection', features: departements },
    region: { ...region, geometry: rounded(region.geometry) },
  };
  loaded.set(geo, layers);
  return layers;
}
