// Small spherical helpers for the map's side panel (which sites serve an EPCI).
import type { MultiPolygon, Polygon, Position } from 'geojson';

const EARTH_RADIUS_KM = 6371.0088; // mean radius (IUGG)

/** @returns great-circle distance in km between two [lon, lat] positions */
export function haversineKm(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function inRing(point: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Even-odd rule over all rings: holes and multi-parts handled. */
export function contains(geometry: Polygon | MultiPolygon, point: Position): boolean {
  let inside = false;
  for (const ring of rings(geometry)) if (inRing(point, ring)) inside = !inside;
  return inside;
}

/**
 * @returns distance in km from a point to a polygon: 0 inside, else to its nearest vertex
 * (vertices of the simplified layer are ~1 km apart at most, precise enough for a 20 km radius).
 */
export function distanceToPolygonKm(geometry: Polygon | MultiPolygon, point: Position): number {
  if (contains(geometry, point)) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings(geometry)) for (const vertex of ring) best = Math.min(best, haversineKm(point, vertex));
  return best;
}
