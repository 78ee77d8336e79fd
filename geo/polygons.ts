// Lazily loads the full-precision polygons (geo/data/<region>/polygons.topo.json, ≈ 1.5 MB) once per geography:
// only point lookups and map routes need them, never the start of the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { BBox, Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import type { Geography } from './geography.ts';
import { geographyDirectory } from './load-geography.ts';

export type Area = Feature<Polygon | MultiPolygon>;

export interface RegionPolygons {
  /** Current communes by code (a commune restored after 2018 has none: its territory is in a neighbour's) */
  communes: ReadonlyMap<string, Area & { bbox: BBox }>;
  epcis: ReadonlyMap<string, Area>;
  departements: ReadonlyMap<string, Area>;
  region: Area;
}

const loaded = new WeakMap<Geography, RegionPolygons>();

function byId(topology: Topology, name: string): Map<string, Area> {
  const collection = feature(topology, topology.objects[name] as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>;
  return new Map(collection.features.map((f) => [String(f.id), f]));
}

export function regionPolygons(geo: Geography): RegionPolygons {
  const cached = loaded.get(geo);
  if (cached) return cached;
  const topology = JSON.parse(readFileSync(join(geographyDirectory(geo), 'polygons.topo.json'), 'utf8')) as Topology;
  const communes = new Map([...byId(topology, 'communes')].map(([code, f]) => [code, { ...f, bbox: turf.bbox(f) }]));
  const polygons: RegionPolygons = {
    communes,
    epcis: byId(topology, 'epcis'),
    departements: byId(topology, 'departements'),
    region: feature(topology, topology.objects.region as GeometryObject) as Area,
  };
  loaded.set(geo, polygons);
  return polygons;
}
