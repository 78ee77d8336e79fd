// Maps every commune code of the 2018 contours to the current commune that holds its territory today.
import { normalizeName } from '../normalize-name.ts';
import type { PackageCommune } from './package-data.ts';

export type AttachmentMethod = 'current' | 'chefLieu' | 'anciensCodes';

export interface Attachment {
  /** Code carried by the 2018 polygon */
  code2018: string;
  name2018: string;
  /** Current commune whose territory includes it */
  current: string;
  method: AttachmentMethod;
  /** Why, in one sentence (written into build-report.json) */
  evidence: string;
}

/**
 * Attaches each 2018 code to a current commune of the region:
 * - a code that is still a current commune is itself;
 * - a code the package lists as `commune-deleguee` / `commune-associee` goes to its `chefLieu`
 *   (the current administrative status, preferred over the merge history when both exist);
 * - otherwise it goes to the one current commune whose `anciensCodes` (merge history) lists it, and that
 *   commune must share a border with it in the 2018 contours (`sharesBorder`): a merger joins neighbours.
 * In both cases the polygon must border the commune's other 2018 polygons, unless the commune has no polygon under
 * its own code (its code changed: e.g. Orée d'Anjou, 49069 → 49126).
 * Throws when a code cannot be attached this way: the build never guesses.
 */
export function attachCodes2018(
  contours: { code: string; name: string }[],
  packageCommunes: PackageCommune[],
  regionCode: string,
  sharesBorder: (code2018: string, currentCode: string) => boolean,
): Attachment[] {
  const contourCodes = new Set(contours.map((c) => c.code));
  /** A 2018 polygon must border its commune's other polygons, unless the commune has none (a code change). */
  const placed = (code: string, target: PackageCommune, name: string, how: string) => {
    if (!contourCodes.has(target.code)) return `, the only 2018 polygon of ${target.code} (its code changed)`;
    if (sharesBorder(code, target.code)) return ', shares a border with it in the 2018 contours';
    throw new Error(`geo build: 2018 commune ${code} ${name} does not share a border with ${how} ${target.code} ${target.nom}`);
  };
  const current = new Map<string, PackageCommune>();
  const delegated = new Map<string, PackageCommune>();
  const absorbedBy = new Map<string, PackageCommune[]>();
  for (const commune of packageCommunes) {
    if (commune.type === 'commune-actuelle') {
      current.set(commune.code, commune);
      for (const old of commune.anciensCodes ?? []) absorbedBy.set(old, [...(absorbedBy.get(old) ?? []), commune]);
    } else if (commune.type === 'commune-deleguee' || commune.type === 'commune-associee') {
      if (!current.has(commune.code)) delegated.set(commune.code, commune);
    }
  }
  for (const commune of packageCommunes) if (commune.type === 'commune-actuelle') delegated.delete(commune.code);

  const inRegion = (code: string) => {
    const commune = current.get(code);
    if (!commune || commune.region !== regionCode) {
      throw new Error(`geo build: commune ${code} is not a current commune of region ${regionCode}`);
    }
    return commune;
  };

  return contours.map(({ code, name }): Attachment => {
    if (current.has(code)) {
      inRegion(code);
      return { code2018: code, name2018: name, current: code, method: 'current', evidence: 'current commune' };
    }
    const record = delegated.get(code);
    if (record?.chefLieu) {
      const target = inRegion(record.chefLieu);
      const history = (absorbedBy.get(code) ?? []).map((c) => c.code).filter((c) => c !== target.code);
      const border = placed(code, target, name, 'its chef-lieu');
      const note = history.length ? ` (the merge history also lists it under ${history.join(', ')}; the current status wins)` : '';
      return {
        code2018: code,
        name2018: name,
        current: target.code,
        method: 'chefLieu',
        evidence: `${record.type} of ${target.code} ${target.nom} in the package${border}${note}`,
      };
    }
    const candidates = (absorbedBy.get(code) ?? []).filter((c) => c.region === regionCode);
    if (candidates.length !== 1) {
      throw new Error(
        `geo build: 2018 commune ${code} ${name} is neither current nor délégué/associé, and ${candidates.length} current communes list it in anciensCodes`,
      );
    }
    const target = candidates[0];
    const border = placed(code, target, name, 'the commune listing it,');
    const nameEvidence = normalizeName(target.nom).includes(normalizeName(name)) ? `, whose name contains "${name}"` : '';
    return {
      code2018: code,
      name2018: name,
      current: target.code,
      method: 'anciensCodes',
      evidence: `listed in anciensCodes of ${target.code} ${target.nom}${border}${nameEvidence}`,
    };
  });
}
