// Cell parsers: each takes the cell text as read and returns the stored value, or a French message saying
// what was expected. A `warning` accompanies a value that is accepted but worth a second look (or was repaired).
import type { BeneficiaryType, Stage } from '../../db/schema.ts';
import { isLuhnValid, isValidSiret } from '../domain/siren.ts';
import { SIZE_BANDS } from '../domain/beneficiary-classes.ts';

export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string };

const ok = <T>(value: T, warning?: string): Parsed<T> =>
  warning ? { ok: true, value, warning } : { ok: true, value };
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

// A file repeats the same few types, stages and legal forms on every line: each is normalised once.
const NORMALISED_WORDS_KEPT = 10_000;
const normalisedWords = new Map<string, string>();

/** Lower case, no accents, words joined by single spaces: for comparing the values people type. */
export function normaliseWord(text: string): string {
  let word = normalisedWords.get(text);
  if (word === undefined) {
    word = text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[’']/g, ' ')
      .replace(/[\s_\-.]+/g, ' ')
      .trim();
    if (normalisedWords.size >= NORMALISED_WORDS_KEPT) normalisedWords.clear();
    normalisedWords.set(text, word);
  }
  return word;
}


// ---- beneficiary reference (pseudonymous: DOMAIN rule 1) ----

const MAX_REF_LENGTH = 64;
// Linear: one character either side of '@' is enough to recognise an address, and lengths are checked first.
const EMAIL = /[^\s@]@[^\s@]*\.[^\s@]/;
const PHONE = /^(\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$/;
// Two to four words, each capitalised or in capitals, letters only: "Jean Dupont", "Marie-Claire DURAND".
const PERSON_NAME = /^\p{Lu}[\p{Ll}\p{Lu}'’-]+(?:\s+\p{Lu}[\p{Ll}\p{Lu}'’-]+){1,3}$/u;
const HAS_LOWER_CASE_WORD = /(?:^|\s)\p{Lu}\p{Ll}+/u;

export function parseBeneficiaryRef(text: string): Parsed<string> {
  const ref = text.trim();
  if (!ref)
    return fail('référence obligatoire : votre identifiant pseudonyme du bénéficiaire (ex. B-2025-014)');
  if (ref.length > MAX_REF_LENGTH)
    return fail(`référence trop longue : ${MAX_REF_LENGTH} caractères au plus`);
  if (EMAIL.test(ref)) {
    return fail(
      "ressemble à une adresse e-mail : c'est une donnée personnelle, qui ne doit pas être transmise. Utilisez une référence pseudonyme (ex. B-2025-014)",
    );
  }
  if (PHONE.test(ref)) {
    return fail(
      "ressemble à un numéro de téléphone : c'est une donnée personnelle, qui ne doit pas être transmise. Utilisez une référence pseudonyme (ex. B-2025-014)",
    );
  }
  if (PERSON_NAME.test(ref) && HAS_LOWER_CASE_WORD.test(ref)) {
    return ok(
      ref,
      "ressemble à un nom de personne : si c'en est un, remplacez-le par une référence pseudonyme (ex. B-2025-014), les noms ne doivent pas être transmis",
    );
  }
  return ok(ref);
}

// ---- SIRET / SIREN ----

const SCIENTIFIC = /^\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const EXCEL_ROUNDED_SIRET =
  'le SIRET a été converti en nombre par Excel et ses derniers chiffres sont perdus : formatez la colonne en Texte et ressaisissez-le';

export function parseSiret(text: string): Parsed<{ siret: string | null; siren: string }> {
  const compact = text.replace(/[\s\u00A0\u202F.]/g, '');
  if (SCIENTIFIC.test(compact)) return fail(EXCEL_ROUNDED_SIRET);
  if (!/^\d+$/.test(compact)) return fail('attendu 14 chiffres (SIRET) ou 9 chiffres (SIREN), sans lettres');
  if (compact.length === 14) {
    // Excel shows a 14-digit number as 1,23457E+13 and, once the cell is edited or the file re-saved,
    // keeps only those digits: 12345700000000, whatever the format (CSV or XLSX) it ends up in.
    if (!isValidSiret(compact) && /0{5}$/.test(compact)) return fail(EXCEL_ROUNDED_SIRET);
    if (!isValidSiret(compact))
      return fail('SIRET invalide : sa clé de contrôle ne correspond pas, vérifiez les chiffres');
    return ok({ siret: compact, siren: compact.slice(0, 9) });
  }
  if (compact.length === 9) {
    if (!isLuhnValid(compact))
      return fail('SIREN invalide : sa clé de contrôle ne correspond pas, vérifiez les chiffres');
    return ok({ siret: null, siren: compact });
  }
  // Excel drops leading zeros of numbers; restore them only when the padded number's key checks out.
  if (compact.length > 9 && compact.length < 14) {
    const padded = compact.padStart(14, '0');
    if (isValidSiret(padded))
      return ok({ siret: padded, siren: padded.slice(0, 9) }, `corrigé en ${padded} (zéros initiaux perdus)`);
  }
  if (compact.length < 9) {
    const padded = compact.padStart(9, '0');
    if (isLuhnValid(padded) && Number(compact) > 0)
      return ok({ siret: null, siren: padded }, `corrigé en ${padded} (zéros initiaux perdus)`);
  }
  return fail(`attendu 14 chiffres (SIRET) ou 9 chiffres (SIREN) : ${compact.length} chiffres lus`);
}

// ---- enumerations ----

export function parseBeneficiaryType(text: string): Parsed<BeneficiaryType> {
  const word = normaliseWord(text).replace(/ /g, '');
  if (!word) return fail('type obligatoire : « porteur_projet » ou « entreprise »');
  if (['porteurprojet', 'porteurdeprojet', 'porteur', 'projectholder', 'pp'].includes(word))
    return ok('porteur_projet');
  if (['entreprise', 'company', 'structure', 'ent'].includes(word)) return ok('entreprise');
  return fail('attendu « porteur_projet » (porteur de projet) ou « entreprise »');
}

export const LEGAL_FORMS: ReadonlyArray<{ code: string; label: string; words: string[] }> = [
  { code: 'association', label: 'association', words: ['association', 'asso', 'association loi 1901'] },
  {
    code: 'cooperative',
    label: 'coopérative',
    words: ['cooperative', 'coop', 'scop', 'scic', 'cae', 'sca', 'cooperative scop', 'cooperative scic'],
  },
  { code: 'mutuelle', label: 'mutuelle', words: ['mutuelle', 'mutuel'] },
  { code: 'fondation', label: 'fondation', words: ['fondation', 'fonds de dotation'] },
  {
    code: 'societe_commerciale_ess',
    label: "société commerciale de l'ESS",
    words: [
      'societe commerciale de l ess',
      'societe commerciale ess',
      'societe commerciale',
      'esus',
      'societe ess',
      'entreprise commerciale de l ess',
    ],
  },
  {
    code: 'en_creation',
    label: 'en création',
    words: ['en creation', 'creation', 'en cours de creation', 'non creee'],
  },
];

export function parseLegalForm(text: string): Parsed<string | null> {
  const word = normaliseWord(text);
  if (!word) return ok(null);
  const form = LEGAL_FORMS.find((f) => f.code.replace(/_/g, ' ') === word || f.words.includes(word));
  if (form) return ok(form.code);
  return fail(`attendu une de ces formes : ${LEGAL_FORMS.map((f) => f.label).join(', ')}`);
}

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  emergence: 'émergence',
  creation: 'création',
  developpement: 'développement',
  consolidation: 'consolidation',
};

const STAGE_WORDS: ReadonlyMap<string, Stage> = new Map([
  ['emergence', 'emergence'],
  ['creation', 'creation'],
  ['developpement', 'developpement'],
  ['development', 'developpement'],
  ['consolidation', 'consolidation'],
]);

export function parseStage(text: string): Parsed<Stage> {
  const word = normaliseWord(text);
  if (!word) return fail('stade obligatoire : émergence, création, développement ou consolidation');
  const stage = STAGE_WORDS.get(word);
  if (stage) return ok(stage);
  return fail('attendu émergence, création, développement ou consolidation');
}

export function parseSite(text: string, siteIds: ReadonlySet<string>): Parsed<string | null> {
  const raw = text.trim();
  if (!raw) return ok(null);
  const word = normaliseWord(raw);
  if (['visite', 'en visite', 'sur place chez le beneficiaire', 'chez le beneficiaire'].includes(word))
    return ok('visite');
  if (['distance', 'a distance', 'en ligne', 'visio', 'visioconference'].includes(word))
    return ok('distance');
  if (siteIds.has(raw)) return ok(raw);
  const ids = [...siteIds].sort();
  const shown = ids.length > 20 ? `${ids.slice(0, 20).join(', ')}…` : ids.join(', ');
  return fail(
    `attendu « visite », « distance » ou l'identifiant d'un de vos sites${ids.length ? ` (${shown})` : ' (aucun site enregistré)'}`,
  );
}

// ---- dates and numbers ----

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' → '31/03/2025', for messages. */
export const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function isoIfReal(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const DATE_EXPECTED = 'date attendue au format 31/03/2025 ou 2025-03-31';

export interface DateOptions {
  /**
   * The latest date this one may be ('YYYY-MM-DD'): a creation date or the start of a support lies in the
   * past of the report. A two-digit year then takes the latest century that keeps the date on or before it
   * (98 → 1998, 24 → 2024); without it, 20yy.
   */
  notAfter?: string;
}

export function parseDate(text: string, options: DateOptions = {}): Parsed<string> {
  const raw = text.trim();
  let iso: string | null = null;
  let warning: string | undefined;
  const isoMatch = ISO_DATE.exec(raw);
  const frMatch = FRENCH_DATE.exec(raw);
  if (isoMatch) iso = isoIfReal(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  else if (frMatch) {
    const day = Number(frMatch[1]);
    const month = Number(frMatch[2]);
    let year = Number(frMatch[3]);
    if (frMatch[3].length === 2) {
      const twoDigits = year;
      year = 2000 + twoDigits;
      const candidate = isoIfReal(year, month, day);
      if (options.notAfter && candidate && candidate > options.notAfter) year = 1900 + twoDigits;
      warning = `année sur 2 chiffres lue comme ${year} (${pad(day)}/${pad(month)}/${year}) : vérifiez-la, ou écrivez l’année sur 4 chiffres`;
    }
    iso = isoIfReal(year, month, day);
  } else if (/^\d{5}$/.test(raw)) {
    return fail(`${DATE_EXPECTED} : « ${raw} » est un numéro de jour Excel, formatez la colonne en Date`);
  } else return fail(DATE_EXPECTED);
  if (!iso) return fail(`cette date n'existe pas (${DATE_EXPECTED})`);
  const year = Number(iso.slice(0, 4));
  if (year < 1900 || year > 2100) return fail(`année ${year} improbable (${DATE_EXPECTED})`);
  return ok(iso, warning);
}

/**
 * A decimal number written the French way (2,5) or the English way (2.5); spaces as thousands separators
 * and a trailing € are accepted. With both marks (1.234,56 or 1,234.56) the last one is the decimal mark.
 */
export function parseDecimal(text: string, what: string): Parsed<number> {
  let raw = text.replace(/[\s\u00A0\u202F]/g, '').replace(/(€|eur|euros?)$/i, '');
  const comma = raw.lastIndexOf(',');
  const point = raw.lastIndexOf('.');
  if (comma >= 0 && point >= 0) {
    const decimalMark = comma > point ? ',' : '.';
    const thousands = decimalMark === ',' ? '.' : ',';
    raw = raw.split(thousands).join('').replace(decimalMark, '.');
  } else if (comma >= 0) raw = raw.replace(',', '.');
  if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(raw)) return fail(`${what} : nombre attendu (ex. 2,5)`);
  const value = Number(raw);
  if (value < 0) return fail(`${what} : nombre positif ou nul attendu`);
  return ok(value);
}

/** A whole number within bounds (a headcount, months), with the French name of what it counts. */
export function parseWholeNumber(text: string, what: string, max: number): Parsed<number> {
  const parsed = parseDecimal(text, what);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value)) return fail(`${what} : nombre entier attendu (ex. 12)`);
  if (parsed.value > max) return fail(`${what} : ${max} au plus`);
  return parsed;
}

/**
 * DASESS's three difficulty criteria (roadmap Part 3 §3a): a loss in one of the last three financial years,
 * a clear degradation of equity, a lost strategic funding or contract. Read from the words people write.
 */
export const DIFFICULTY_CRITERIA: ReadonlyArray<{ code: string; label: string; words: string[] }> = [
  { code: 'perte', label: 'perte', words: ['perte', 'pertes', 'deficit', 'resultat negatif'] },
  { code: 'fonds_propres', label: 'fonds propres', words: ['fonds propres', 'fondspropres', 'fonds_propres', 'capitaux propres', 'degradation des fonds propres'] },
  { code: 'financement', label: 'financement', words: ['financement', 'perte de financement', 'contrat', 'perte de contrat', 'marche', 'subvention'] },
];

/** An INSEE size band: '12', '1' (a spreadsheet drops the zero: '01'), 'NN'. */
export function parseSizeBand(text: string): Parsed<string> {
  const word = text.trim().toUpperCase();
  const code = /^\d$/.test(word) ? `0${word}` : word;
  if (SIZE_BANDS.some((b) => b.code === code)) return ok(code);
  return fail(`tranche d’effectif inconnue « ${text.trim().slice(0, 20)} » : code INSEE attendu (NN, 00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52 ou 53)`);
}

/** « perte, fonds propres » → 'perte,fonds_propres' (codes in the list's order, each once). */
export function parseDifficultyCriteria(text: string): Parsed<string> {
  const found = new Set<string>();
  for (const part of text.split(/[,;/+]|\bet\b/)) {
    const word = part.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
    if (!word) continue;
    const criterion = DIFFICULTY_CRITERIA.find((c) => c.code === word || c.words.includes(word));
    if (!criterion) return fail(`critère de difficulté inconnu « ${part.trim().slice(0, 40)} » : attendus ${DIFFICULTY_CRITERIA.map((c) => `« ${c.label} »`).join(', ')}`);
    found.add(criterion.code);
  }
  return ok(DIFFICULTY_CRITERIA.filter((c) => found.has(c.code)).map((c) => c.code).join(','));
}
