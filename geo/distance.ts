import * as turf from '@turf/turf';

/**
 * Great-circle distance between two WGS84 points (haversine, Earth radius 6,371,008.8 m as in turf).
 * @param from [lon, lat] in degrees
 * @param to [lon, lat] in degrees
 * @returns distance in km
 */
export function distanceKm(from: readonly [number, number], to: readonly [number, number]): number {
  return turf.distance([from[0], from[1]], [to[0], to[1]], { units: 'kilometers' });
}
