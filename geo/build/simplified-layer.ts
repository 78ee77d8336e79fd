// The browser's EPCI layer: the full-precision EPCI, département and region polygons simplified on their shared
// arcs (topology-preserving: neighbours keep one common border, so no gaps or overlaps appear), then quantized.
import { gzipSync } from 'node:zlib';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { feature, quantize } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, GeometryObject, Objects, Topology } from 'topojson-specification';
import type { Epci } from '../geography.ts';
import { pruneArcs } from './prune-arcs.ts';

/** Share of the (non-endpoint) vertices kept, by Visvalingam weight. Tuned for ≤ 150 KB gzipped: geo/README.md. */
export const LAYER_RETAINED_SHARE = 0.3;
/** Bound on any EPCI's area error in the simplified layer, in %, stated in geo/README.md and checked by the build and a test. */
export const LAYER_MAX_AREA_ERROR_PERCENT = 1;
/** 1e5 steps over the region's extent: ≈ 3 m in Hauts-de-France, well under the simplification's own error. */
export const LAYER_QUANTIZATION = 1e5;

export interface LayerStats {
  retainedShare: number;
  quantization: number;
  vertices: { full: number; simplified: number };
  bytes: { raw: number; gzip: number };
  /** |simplified area − full area| / full area, per EPCI, in % */
  areaErrorPercent: { max: number; median: number; worst: string; perEpci: Record<string, number> };
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function countVertices(topology: Topology): number {
  return topology.arcs.reduce((sum, arc) => sum + arc.length, 0);
}

function areasBySiren(topology: Topology): Map<string, number> {
  const collection = feature(topology, topology.objects.epcis as GeometryCollection);
  return new Map(collection.features.map((f) => [String(f.id), turf.area(f.geometry as Polygon | MultiPolygon)]));
}

/** The features of every object of a topology that are not valid OGC geometries (self-intersections, degenerate rings). */
export function invalidFeatures(topology: Topology): Array<{ object: string; id: string; arcs: number[] }> {
  const invalid: Array<{ object: string; id: string; arcs: number[] }> = [];
  for (const [name, object] of Object.entries(topology.objects)) {
    const geometries = object.type === 'GeometryCollection' ? (object as GeometryCollection).geometries : [object];
    for (const geometry of geometries) {
      const shape = feature(topology, geometry);
      if (turf.booleanValid(shape as GeoJSON.Feature<Polygon | MultiPolygon>)) continue;
      const rings = (geometry as { arcs?: unknown }).arcs;
      const arcs = [rings].flat(3).filter((a): a is number => typeof a === 'number').map((a) => (a < 0 ? ~a : a));
      invalid.push({ object: name, id: String(geometry.id ?? name), arcs });
    }
  }
  return invalid;
}

// Rounds of protecting arcs before giving up; in practice one or two are enough.
const MAX_REPAIR_ROUNDS = 6;

/**
 * Simplifies then quantizes, and checks that every geometry is still valid: a Visvalingam simplification
 * (or the snapping to the quantization grid) can fold a narrow part of a ring onto itself. The arcs of a
 * geometry found invalid keep all their points, and the layer is simplified again; their neighbours share
 * those arcs, so the topology stays whole. Throws when the layer cannot be made valid.
 */
function simplifyValid(weighted: Topology, minWeight: number, regionCode: string): Topology {
  for (let round = 0; ; round++) {
    const simplified = quantize(simplify(weighted as Topology<Objects>, minWeight), LAYER_QUANTIZATION);
    const invalid = invalidFeatures(simplified);
    if (invalid.length === 0) return simplified;
    if (round === MAX_REPAIR_ROUNDS) {
      throw new Error(`geo build: region ${regionCode}, invalid geometries after simplification: ${invalid.map((f) => `${f.object} ${f.id}`).join(', ')}`);
    }
    for (const { arcs } of invalid) {
      for (const index of arcs) for (const point of weighted.arcs[index]) point[2] = Number.POSITIVE_INFINITY;
    }
  }
}

export function buildSimplifiedLayer(
  polygons: Topology,
  epcis: Pick<Epci, 'siren' | 'name' | 'type' | 'population' | 'interregional'>[],
  regionCode: string,
  /** The communes in no EPCI (L'Île-d'Yeu in region 52): drawn as such, object `outsideEpci` (absent when none) */
  outsideEpci: ReadonlyArray<{ code: string; name: string; population: number }> = [],
): { topology: Topology; stats: LayerStats } {
  const bySiren = new Map(epcis.map((e) => [e.siren, e]));
  const epciObject = polygons.objects.epcis as GeometryCollection;
  const outsideByCode = new Map(outsideEpci.map((c) => [c.code, c]));
  const outsideObject: Objects = outsideEpci.length
    ? {
        outsideEpci: {
          type: 'GeometryCollection',
          geometries: (polygons.objects.communes as GeometryCollection).geometries
            .filter((g) => outsideByCode.has(String(g.id)))
            .map((g) => {
              const c = outsideByCode.get(String(g.id))!;
              return { ...g, properties: { code: c.code, name: c.name, population: c.population } };
            }),
        },
      }
    : {};
  const layer: Topology = pruneArcs<Topology>({
    type: 'Topology',
    bbox: polygons.bbox,
    transform: polygons.transform,
    arcs: polygons.arcs,
    objects: {
      epcis: {
        type: 'GeometryCollection',
        geometries: epciObject.geometries.map((g) => {
          const e = bySiren.get(String(g.id))!;
          return { ...g, properties: { siren: e.siren, name: e.name, type: e.type, population: e.population, interregional: e.interregional } };
        }),
      },
      departements: polygons.objects.departements,
      region: polygons.objects.region as GeometryObject,
      ...outsideObject,
    },
  } as Topology);
  const weighted = presimplify(layer as Topology<Objects>);
  const simplified = simplifyValid(weighted, quantile(weighted, LAYER_RETAINED_SHARE), regionCode);
  const text = `${JSON.stringify(simplified)}\n`;

  const fullAreas = areasBySiren(polygons);
  const simplifiedAreas = areasBySiren(simplified);
  const perEpci: Record<string, number> = {};
  for (const [siren, area] of fullAreas) perEpci[siren] = round((Math.abs(simplifiedAreas.get(siren)! - area) / area) * 100, 3);
  const sorted = Object.entries(perEpci).sort((a, b) => a[1] - b[1]);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)][1] : (sorted[mid - 1][1] + sorted[mid][1]) / 2;
  const [worst, max] = sorted[sorted.length - 1];
  if (max > LAYER_MAX_AREA_ERROR_PERCENT) {
    throw new Error(`geo build: region ${regionCode}, EPCI ${worst} loses ${max} % of its area in the simplified layer (bound ${LAYER_MAX_AREA_ERROR_PERCENT} %)`);
  }

  return {
    topology: simplified,
    stats: {
      retainedShare: LAYER_RETAINED_SHARE,
      quantization: LAYER_QUANTIZATION,
      vertices: { full: countVertices(layer), simplified: countVertices(simplified) },
      bytes: { raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length },
      areaErrorPercent: { max, median: round(median, 3), worst, perEpci },
    },
  };
}
