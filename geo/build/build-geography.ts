// `npm run geo:build [-- --region 32] [--out dir]`: derives the region's geography from the vendored 2018 commune
// contours (geo/vendor/) and the current COG (@etalab/decoupage-administratif), into geo/data/<region>/.
// Deterministic: the same inputs give byte-identical files. How it works: geo/README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature, mergeArcs, neighbors } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryCollection, GeometryObject, MultiPolygon as TopoMultiPolygon, Polygon as TopoPolygon, Topology } from 'topojson-specification';
import type { EpciType } from '../geography.ts';
import { type Attachment, attachCodes2018 } from './absorbed-codes.ts';
import { buildSimplifiedLayer } from './simplified-layer.ts';
import { type PackageCommune, readPackageData } from './package-data.ts';
import { pruneArcs } from './prune-arcs.ts';
import { writeJsonLines } from './write-json.ts';

export const GEO_DIR = resolve(import.meta.dirname, '..');

/**
 * Full-precision quantization of the polygons: 1e6 steps over the region's extent (≈ 0.3 m in Hauts-de-France),
 * finer than the 5-decimal (≈ 1 m) contours, so areas and point lookups keep the source's precision.
 */
const FULL_QUANTIZATION = 1e6;

/**
 * The 7 absorbed 2018 codes of region 32 the package does not list as délégué/associé, with the current commune
 * they merged into (data README "Known facts"). The build derives them from `anciensCodes` + a shared border and
 * asserts it finds exactly these, so a package update that changes them stops the build.
 */
export const EXPECTED_BORDER_ATTACHMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '32': {
    '02077': '02564', // Berzy-le-Sec → Bernoy-le-Château
    '02311': '02589', // Filain → Pargny-et-Filain
    '60475': '60682', // Ognon → Villers-Saint-Frambourg-Ognon
    '62210': '62154', // Canteleux → Bonnières
    '80209': '80625', // Contoire → Trois-Rivières
    '80389': '80442', // Grécourt → Hombleux
    '80419': '80625', // Hargicourt → Trois-Rivières
  },
};

export interface BuildOptions {
  regionCode: string;
  /** Output directory; default geo/data/<region> */
  outDir?: string;
  /** Where communes-<region-slug>.geojson lives; default geo/vendor */
  vendorDir?: string;
}

export interface BuildSummary {
  regionCode: string;
  regionName: string;
  outDir: string;
  communes: number;
  epcis: number;
  epciTypes: Record<string, number>;
  /** 2018 codes of the contours that no longer exist, attached to the commune that absorbed them */
  absorbedCodes: number;
  /** Former codes of earlier merges (COG anciensCodes / communes déléguées), absent from the 2018 contours */
  olderMergedCodes: number;
  regionAreaKm2: number;
  files: string[];
}

/** 'Pays de la Loire' → 'pays-de-la-loire' */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const km2 = (geometry: Polygon | MultiPolygon) => turf.area(geometry) / 1e6;

/**
 * The midpoint of the widest stretch of a horizontal line across the polygon's largest ring area, scanning a few
 * latitudes: always strictly inside, even for crescent or multi-part shapes where the centroid falls outside.
 */
function scanlinePoint(geometry: Polygon | MultiPolygon): [number, number] | undefined {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const [, south, , north] = turf.bbox(geometry);
  let best: { width: number; point: [number, number] } | undefined;
  for (let k = 1; k < 16; k++) {
    const y = south + ((north - south) * k) / 16;
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [x1, y1] = ring[i - 1];
        const [x2, y2] = ring[i];
        if (y1 <= y !== y2 <= y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1] - xs[i];
      if (!best || width > best.width) best = { width, point: [(xs[i] + xs[i + 1]) / 2, y] };
    }
  }
  return best?.point;
}

/** A point inside the polygon: its centroid when inside, else a scanline midpoint. 6 decimals ≈ 0.1 m. */
function pointInside(geometry: Polygon | MultiPolygon): [number, number] {
  const candidates = [turf.centroid(geometry).geometry.coordinates, scanlinePoint(geometry), turf.pointOnFeature(geometry).geometry.coordinates];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const point: [number, number] = [round(candidate[0], 6), round(candidate[1], 6)];
    if (turf.booleanPointInPolygon(point, geometry, { ignoreBoundary: true })) return point;
  }
  throw new Error('geo build: no point found inside a commune polygon');
}

export function buildGeography(options: BuildOptions): BuildSummary {
  const regionCode = options.regionCode;
  const pkg = readPackageData();
  const region = pkg.regions.find((r) => r.code === regionCode);
  if (!region) throw new Error(`geo build: unknown region code ${regionCode}`);
  const outDir = resolve(options.outDir ?? join(GEO_DIR, 'data', regionCode));
  const contoursFile = join(options.vendorDir ?? join(GEO_DIR, 'vendor'), `communes-${slugify(region.nom)}.geojson`);

  // 1. The 2018 contours, sorted by code so the output does not depend on the file's order.
  const contours = JSON.parse(readFileSync(contoursFile, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string; nom: string }>;
  const features2018 = contours.features
    .map((f) => ({ type: 'Feature' as const, id: f.properties.code, properties: {}, geometry: f.geometry, name: f.properties.nom }))
    .sort((a, b) => byCode(a.id, b.id));
  for (let i = 1; i < features2018.length; i++) {
    if (features2018[i].id === features2018[i - 1].id) throw new Error(`geo build: duplicate 2018 code ${features2018[i].id}`);
  }
  const collection2018: FeatureCollection = { type: 'FeatureCollection', features: features2018.map(({ name: _name, ...f }) => f) };
  const full = topology({ communes2018: collection2018 }, FULL_QUANTIZATION);
  // Every 2018 contour is a Polygon or MultiPolygon (checked by topojson-server's conversion of the input)
  const geometries2018 = (full.objects.communes2018 as GeometryCollection).geometries as (TopoPolygon | TopoMultiPolygon)[];
  const codes2018 = geometries2018.map((g) => String(g.id));
  const adjacency = neighbors(geometries2018);

  // 2. Current communes of the region, and which 2018 polygons make each of them.
  const current = new Map<string, PackageCommune>();
  const relatedCodes = new Map<string, Set<string>>(); // current code → itself + codes merged into it
  for (const c of pkg.communes) {
    if (c.type === 'commune-actuelle' && c.region === regionCode) {
      current.set(c.code, c);
      relatedCodes.set(c.code, new Set([c.code, ...(c.anciensCodes ?? [])]));
    }
  }
  for (const c of pkg.communes) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) relatedCodes.get(c.chefLieu)?.add(c.code);
  }
  const sharesBorder = (code2018: string, currentCode: string) => {
    const index = codes2018.indexOf(code2018);
    return adjacency[index].some((n) => relatedCodes.get(currentCode)?.has(codes2018[n]) ?? false);
  };
  const attachments = attachCodes2018(
    features2018.map((f) => ({ code: f.id, name: f.name })),
    pkg.communes,
    regionCode,
    sharesBorder,
  );
  const expected = EXPECTED_BORDER_ATTACHMENTS[regionCode];
  if (expected) {
    const found = Object.fromEntries(attachments.filter((a) => a.method === 'anciensCodes').map((a) => [a.code2018, a.current]));
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      throw new Error(`geo build: border attachments ${JSON.stringify(found)} differ from the documented ${JSON.stringify(expected)}`);
    }
  }
  const polygonsOf = new Map<string, number[]>(); // current code → indexes of its 2018 polygons
  for (const [i, a] of attachments.entries()) polygonsOf.set(a.current, [...(polygonsOf.get(a.current) ?? []), i]);

  // 3. EPCI membership of the region's current communes.
  const epciOf = new Map<string, string>();
  const epcis = pkg.epcis
    .map((e) => ({ ...e, inRegion: e.membres.map((m) => m.code).filter((code) => current.has(code)).sort(byCode) }))
    .filter((e) => e.inRegion.length > 0)
    .sort((a, b) => byCode(a.code, b.code));
  for (const e of epcis) {
    if (!['METRO', 'CU', 'CA', 'CC'].includes(e.type)) throw new Error(`geo build: EPCI ${e.code} has unexpected type ${e.type}`);
    for (const code of e.inRegion) {
      if (epciOf.has(code)) throw new Error(`geo build: commune ${code} belongs to EPCIs ${epciOf.get(code)} and ${e.code}`);
      epciOf.set(code, e.code);
    }
  }

  // 4. Communes restored after 2018 have no polygon of their own: they lie inside the 2018 polygon of the commune
  // they had merged into, which the package does not name. Approximation (reported in build-report.json, region 52
  // only): the largest commune of their EPCI sharing their postcode, whose polygon gives them their point.
  const currentCodes = [...current.keys()].sort(byCode);
  const borrowed: { code: string; name: string; from: string }[] = [];
  for (const code of currentCodes) {
    if (polygonsOf.has(code)) continue;
    const commune = current.get(code)!;
    const areaOf = (other: string) => polygonsOf.get(other)!.reduce((sum, i) => sum + turf.area(features2018[i].geometry), 0);
    const donor = currentCodes
      .filter(
        (other) =>
          polygonsOf.has(other) &&
          epciOf.get(other) === epciOf.get(code) &&
          (current.get(other)!.codesPostaux ?? []).some((p) => (commune.codesPostaux ?? []).includes(p)),
      )
      .sort((a, b) => areaOf(b) - areaOf(a))[0];
    if (!donor || !epciOf.has(code)) throw new Error(`geo build: current commune ${code} ${commune.nom} has no 2018 polygon`);
    borrowed.push({ code, name: commune.nom, from: donor });
  }

  // 5. Merged polygons, all sharing the arcs of the 2018 topology: exact, without gaps or overlaps.
  const merge = (indexes: number[]) => mergeArcs(full, indexes.map((i) => geometries2018[i]));
  const departements = [...new Set(currentCodes.map((c) => current.get(c)!.departement!))].sort(byCode);
  const departementNames = new Map(pkg.departements.map((d) => [d.code, d.nom]));
  const communeIndexes = (codes: string[]) => codes.flatMap((c) => polygonsOf.get(c) ?? []);
  const polygons: Topology = pruneArcs({
    type: 'Topology',
    bbox: full.bbox,
    transform: full.transform,
    arcs: full.arcs,
    objects: {
      communes: {
        type: 'GeometryCollection',
        geometries: currentCodes.filter((c) => polygonsOf.has(c)).map((c) => ({ ...merge(polygonsOf.get(c)!), id: c })),
      },
      epcis: {
        type: 'GeometryCollection',
        geometries: epcis.map((e) => ({ ...merge(communeIndexes(e.inRegion)), id: e.code })),
      },
      departements: {
        type: 'GeometryCollection',
        geometries: departements.map((d) => ({
          ...merge(communeIndexes(currentCodes.filter((c) => current.get(c)!.departement === d))),
          id: d,
          properties: { code: d, name: departementNames.get(d) ?? d },
        })),
      },
      region: { ...merge(communeIndexes(currentCodes)), id: regionCode, properties: { code: regionCode, name: region.nom } },
    },
  });

  // 6. Tables, computed on the geometry as written (decoded from the quantized topology).
  const decoded = (name: string) =>
    new Map(
      (feature(polygons, polygons.objects[name] as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>).features.map(
        (f) => [String(f.id), f.geometry],
      ),
    );
  const communeGeometries = decoded('communes');
  const epciGeometries = decoded('epcis');
  const communes = currentCodes.map((code) => {
    const c = current.get(code)!;
    const [lon, lat] = pointInside(communeGeometries.get(code) ?? communeGeometries.get(borrowed.find((b) => b.code === code)!.from)!);
    return {
      code,
      name: c.nom,
      epciSiren: epciOf.get(code) ?? '',
      departement: c.departement!,
      population: c.population ?? 0,
      postcodes: [...(c.codesPostaux ?? [])].sort(byCode),
      lon,
      lat,
    };
  });
  const population = new Map(communes.map((c) => [c.code, c.population]));
  const epciTable = epcis.map((e) => ({
    siren: e.code,
    name: e.nom,
    type: e.type as EpciType,
    population: e.inRegion.reduce((sum, c) => sum + population.get(c)!, 0),
    departements: [...new Set(e.inRegion.map((c) => current.get(c)!.departement!))].sort(byCode),
    interregional: e.membres.some((m) => !current.has(m.code)),
    communeCodes: e.inRegion,
    areaKm2: round(km2(epciGeometries.get(e.code)!), 2),
  }));
  const aliases2018 = attachments.filter((a) => a.method !== 'current').map((a) => [a.code2018, a.current, a.name2018]);
  // Older merges, absent from the 2018 contours (DOMAIN rule 6: a code of any earlier vintage maps to the commune
  // that absorbed it): every former code the COG lists for a current commune of the region, through its
  // `anciensCodes` or a commune déléguée / associée's `chefLieu`. Named when the COG still names it, else ''.
  const known = new Set([...current.keys(), ...aliases2018.map(([code]) => code)]);
  const formerNames = new Map(pkg.communes.filter((c) => c.type === 'commune-deleguee' || c.type === 'commune-associee').map((c) => [c.code, c.nom]));
  const olderAliases = [...relatedCodes]
    .flatMap(([currentCode, codes]) => [...codes].filter((code) => !known.has(code)).map((code) => [code, currentCode, formerNames.get(code) ?? '']))
    .sort(([a], [b]) => byCode(a, b));
  for (let i = 1; i < olderAliases.length; i++) {
    const [code, to] = olderAliases[i];
    if (code === olderAliases[i - 1][0]) throw new Error(`geo build: former code ${code} merged into both ${olderAliases[i - 1][1]} and ${to}`);
  }
  const aliases = [...aliases2018, ...olderAliases];
  const regionGeometry = feature(polygons, polygons.objects.region as GeometryObject) as Feature<Polygon | MultiPolygon>;
  const regionAreaKm2 = round(km2(regionGeometry.geometry), 2);

  // 7. Files.
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    files.push(name);
  };
  write(
    'geography.json',
    writeJsonLines(
      {
        regionCode,
        regionName: region.nom,
        regionAreaKm2,
        sources: {
          contours: 'IGN Admin Express COG 2018 (france-geojson), Licence Ouverte',
          cog: `@etalab/decoupage-administratif ${pkg.version}`,
        },
        aliases,
      },
      { communes, epcis: epciTable },
    ),
  );
  write('polygons.topo.json', `${JSON.stringify(polygons)}\n`);
  const layer = buildSimplifiedLayer(polygons, epciTable, regionCode, communes.filter((c) => !c.epciSiren));
  write('epcis.topo.json', `${JSON.stringify(layer.topology)}\n`);
  write('layer-stats.json', `${JSON.stringify(layer.stats, null, 2)}\n`);
  write(
    'build-report.json',
    `${JSON.stringify(
      {
        region: `${regionCode} ${region.nom}`,
        attachments: attachments.filter((a) => a.method !== 'current').map(({ code2018, name2018, current: to, method, evidence }: Attachment) => ({ code2018, name2018, current: to, method, evidence })),
        communesWithoutPolygon: borrowed.map((b) => ({ ...b, note: `no 2018 polygon (restored after 2018): point taken inside ${b.from}'s polygon` })),
        communesWithoutEpci: communes.filter((c) => !c.epciSiren).map((c) => `${c.code} ${c.name}`),
      },
      null,
      2,
    )}\n`,
  );

  const epciTypes: Record<string, number> = {};
  for (const e of epciTable) epciTypes[e.type] = (epciTypes[e.type] ?? 0) + 1;
  return {
    regionCode,
    regionName: region.nom,
    outDir,
    communes: communes.length,
    epcis: epciTable.length,
    epciTypes,
    absorbedCodes: aliases2018.length,
    olderMergedCodes: olderAliases.length,
    regionAreaKm2,
    files,
  };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = performance.now();
  const summary = buildGeography({ regionCode: argument('region') ?? '32', outDir: argument('out') });
  console.log(JSON.stringify(summary, null, 2));
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
