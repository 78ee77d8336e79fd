import type { GeometryObject, Topology } from 'topojson-specification';

type ArcTree = number | ArcTree[];

function visit(tree: ArcTree, fn: (index: number) => number): ArcTree {
  return Array.isArray(tree) ? tree.map((t) => visit(t, fn)) : fn(tree);
}

function arcsOf(geometry: GeometryObject): ArcTree | undefined {
  return 'arcs' in geometry ? (geometry.arcs as ArcTree) : undefined;
}

/**
 * Drops the arcs no object references (e.g. the inner borders between merged communes) and renumbers the rest,
 * keeping their order so the output stays deterministic. The input is not mutated.
 * @returns a new topology sharing the kept arcs' coordinate arrays
 */
export function pruneArcs<T extends Topology>(topology: T): T {
  const used = new Set<number>();
  const objects = Object.values(topology.objects) as GeometryObject[];
  const geometries = objects.flatMap((o) => (o.type === 'GeometryCollection' ? o.geometries : [o]));
  for (const geometry of geometries) {
    const arcs = arcsOf(geometry);
    if (arcs !== undefined) {
      visit(arcs, (i) => {
        used.add(i < 0 ? ~i : i);
        return i;
      });
    }
  }
  const kept = [...used].sort((a, b) => a - b);
  const renumber = new Map(kept.map((old, index) => [old, index]));
  const remap = (geometry: GeometryObject): GeometryObject => {
    const arcs = arcsOf(geometry);
    if (arcs === undefined) return geometry;
    return { ...geometry, arcs: visit(arcs, (i) => (i < 0 ? ~renumber.get(~i)! : renumber.get(i)!)) } as GeometryObject;
  };
  const newObjects = Object.fromEntries(
    Object.entries(topology.objects).map(([name, o]) => {
      const object = o as GeometryObject;
      return [name, object.type === 'GeometryCollection' ? { ...object, geometries: object.geometries.map(remap) } : remap(object)];
    }),
  );
  return { ...topology, arcs: kept.map((i) => topology.arcs[i]), objects: newObjects };
}
