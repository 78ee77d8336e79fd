// Reads the committed full-precision polygons as GeoJSON for the geography tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { GEO_DATA_DIR } from '../../geo/load-geography.ts';

export type Area = Feature<Polygon | MultiPolygon>;

export function readTopology(file: string, dir = join(GEO_DATA_DIR, '32')): Topology {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Topology;
}

export function features(topology: Topology, name: string): Area[] {
  const object = topology.objects[name] as GeometryObject;
  if (object.type !== 'GeometryCollection') return [feature(topology, object) as Area];
  return (feature(topology, object as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>).features;
}
