// Where a line's beneficiary is: an INSEE code (current or absorbed), else a postcode and a commune name.
// The geography module answers the lookups; this file only turns its answers into repairs and messages.
import type { Commune, Geography } from '../../geo/geography.ts';
import { findCommuneByPostcodeAndName, resolveCommune } from '../../geo/lookup.ts';
import { normalizeName } from '../../geo/normalize-name.ts';
import type { ColumnKey } from './columns.ts';

export type CommuneResult =
  | { ok: true; commune: Commune; input: string; repairs: Array<{ column: ColumnKey; message: string }> }
  | { ok: false; column: ColumnKey; message: string };

const MAX_CANDIDATES = 6;

const describe = (communes: readonly Commune[]) =>
  communes
    .slice(0, MAX_CANDIDATES)
    .map((c) => `${c.name} (${c.code})`)
    .join(', ') + (communes.length > MAX_CANDIDATES ? '…' : '');

function communesWithPostcode(geo: Geography, postcode: string): Commune[] {
  return [...geo.communes.values()].filter((c) => c.postcodes.includes(postcode));
}

export function resolveLineCommune(
  geo: Geography,
  codeText: string | undefined,
  postcodeText: string | undefined,
  nameText: string | undefined,
): CommuneResult {
  const code = (codeText ?? '').replace(/\s/g, '').toUpperCase();
  const postcode = (postcodeText ?? '').replace(/\s/g, '');
  const name = (nameText ?? '').trim();
  if (code) {
    const result = byCode(geo, code);
    return result.ok && name ? checkName(geo, result, code, name) : result;
  }
  if (!postcode && !name) {
    return {
      ok: false,
      column: 'commune',
      message: 'commune obligatoire : code_commune (code INSEE), ou code_postal et nom_commune',
    };
  }
  if (!postcode)
    return {
      ok: false,
      column: 'postcode',
      message: 'code postal obligatoire avec nom_commune quand code_commune est vide',
    };
  if (!name)
    return {
      ok: false,
      column: 'commune_name',
      message: 'nom de commune obligatoire avec code_postal quand code_commune est vide',
    };
  return byPostcodeAndName(geo, postcode, name);
}

function byCode(geo: Geography, code: string): CommuneResult {
  const commune = resolveCommune(geo, code);
  if (commune) return { ok: true, commune, input: code, repairs: [] };
  // Excel reads 02691 as the number 2691: put the zero back when that names a commune.
  if (/^\d{4}$/.test(code)) {
    const padded = `0${code}`;
    const repaired = resolveCommune(geo, padded);
    if (repaired) {
      return {
        ok: true,
        commune: repaired,
        input: code,
        repairs: [
          { column: 'commune', message: `corrigé en ${padded} (zéro initial perdu) : ${repaired.name}` },
        ],
      };
    }
  }
  if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) {
    return {
      ok: false,
      column: 'commune',
      message: 'attendu un code INSEE de commune à 5 caractères (ex. 02691)',
    };
  }
  const samePostcode = communesWithPostcode(geo, code);
  if (samePostcode.length > 0) {
    return {
      ok: false,
      column: 'commune',
      message: `c'est un code postal, pas un code INSEE : attendu le code INSEE de la commune, par exemple ${describe(samePostcode)}`,
    };
  }
  return {
    ok: false,
    column: 'commune',
    message: `code INSEE inconnu en ${geo.regionName} (ni actuel, ni d'une commune fusionnée) : vérifiez le code de la commune`,
  };
}

/**
 * With both a code and a name, the code decides; but a name of another commune is worth saying, and an
 * error when the code is that commune's postcode (02100 is Bony's INSEE code and Saint-Quentin's postcode).
 */
function checkName(
  geo: Geography,
  found: Extract<CommuneResult, { ok: true }>,
  code: string,
  name: string,
): CommuneResult {
  const wanted = normalizeName(name);
  const absorbedName = geo.absorbedNames?.get(code);
  if (
    wanted === normalizeName(found.commune.name) ||
    (absorbedName && wanted === normalizeName(absorbedName))
  )
    return found;
  const byPostcode = /^\d{5}$/.test(code) ? findCommuneByPostcodeAndName(geo, code, name) : undefined;
  if (byPostcode?.status === 'found') {
    const meant = byPostcode.commune;
    return {
      ok: false,
      column: 'commune',
      message: `${code} est le code postal de ${meant.name}, pas son code INSEE : attendu ${meant.code} (le code ${code} désigne ${found.commune.name})`,
    };
  }
  return {
    ...found,
    repairs: [
      ...found.repairs,
      {
        column: 'commune_name',
        message: `le code ${found.commune.code} désigne ${found.commune.name}, pas « ${name} » : le code a été retenu, vérifiez-le`,
      },
    ],
  };
}

function byPostcodeAndName(geo: Geography, postcodeText: string, name: string): CommuneResult {
  const repairs: Array<{ column: ColumnKey; message: string }> = [];
  let postcode = postcodeText;
  if (/^\d{4}$/.test(postcode)) {
    postcode = `0${postcode}`;
    repairs.push({ column: 'postcode', message: `corrigé en ${postcode} (zéro initial perdu)` });
  }
  if (!/^\d{5}$/.test(postcode))
    return { ok: false, column: 'postcode', message: 'attendu un code postal à 5 chiffres' };
  const found = findCommuneByPostcodeAndName(geo, postcode, name);
  if (found.status === 'found')
    return { ok: true, commune: found.commune, input: `${postcodeText} ${name}`, repairs };
  if (found.status === 'ambiguous') {
    return {
      ok: false,
      column: 'commune_name',
      message: `plusieurs communes correspondent à « ${name} » (${postcode}) : ${describe(found.candidates)} ; indiquez son code_commune`,
    };
  }
  const suggestions = found.candidates.length > 0 ? found.candidates : communesWithPostcode(geo, postcode);
  return {
    ok: false,
    column: 'commune_name',
    message:
      suggestions.length > 0
        ? `aucune commune « ${name} » avec le code postal ${postcode} ; communes proches : ${describe(suggestions)}`
        : `aucune commune « ${name} » avec le code postal ${postcode} en ${geo.regionName} : vérifiez le code postal et le nom, ou indiquez le code_commune`,
  };
}
