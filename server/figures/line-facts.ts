// What the fact mirror (facts.ts) does not hold but the equity figures need (issue 13): per year and basis,
// for each beneficiary × scheme × operator × EPCI, the quarter, `lieu` (site, visit, distance), ESS family and
// size class of its latest counted line. Read once per year and version of its facts (every change to a
// counted line bumps it), kept compact (ids of the mirror's dictionaries, one byte per class), so that reach
// and the breakdowns are computed in memory whatever the cohort, schemes or operator asked.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { engineOf } from '../../db/dialect.ts';
import { FAMILIES, SIZE_CLASSES, sizeClassOf } from '../domain/beneficiary-classes.ts';
import { BASIS_CODE, type Basis, factStore, ResultCache, versionStamp } from './facts.ts';

export const REACH_KINDS = ['site', 'visit', 'distance', 'unspecified'] as const;
export type ReachKind = (typeof REACH_KINDS)[number];

export interface LineFactsBlock {
  year: number;
  length: number;
  /** Dictionary ids of the fact mirror (factStore(db).identities, .schemes, .operators, .epcis) */
  identity: Int32Array;
  scheme: Int32Array;
  operator: Int32Array;
  epci: Int32Array;
  quarter: Uint8Array;
  /** Index in REACH_KINDS, FAMILIES and SIZE_CLASSES */
  reach: Uint8Array;
  family: Uint8Array;
  size: Uint8Array;
}

const reachOf = (site: string | null): number => (site === null || site === '' ? 3 : site === 'visite' ? 1 : site === 'distance' ? 2 : 0);
const familyIndex = new Map<string, number>(FAMILIES.map((f, i) => [f.code, i]));
const sizeIndex = new Map<string, number>(SIZE_CLASSES.map((c, i) => [c.code, i]));
const EN_CREATION = familyIndex.get('en_creation')!;
const UNSTATED = familyIndex.get('non_renseigne')!;

const blocks = new ResultCache<LineFactsBlock>(64);

/** The block of one year and basis, read again only when that year's facts changed. */
export async function lineFacts(db: Db, basis: Basis, year: number): Promise<LineFactsBlock> {
  const key = JSON.stringify([basis, year, await versionStamp(db, [`facts:${year}`])]);
  const cached = blocks.get(db, key);
  if (cached) return cached;
  const fresh = await readLineFacts(db, basis, year);
  blocks.set(db, key, fresh);
  return fresh;
}

interface Row {
  identity: string;
  scheme: string;
  operator_id: string;
  epci_siren: string;
  site: string | null;
  legal_form: string | null;
  beneficiary_type: string;
  size_band: string | null;
  quarter: number;
}

async function readLineFacts(db: Db, basis: Basis, year: number): Promise<LineFactsBlock> {
  // Counted lines as the triggers count them (fig_bases: basis 2 adds submitted reports), one per fact, the
  // other columns from the line of the latest quarter: SQLite's bare columns with max(), PostgreSQL's
  // DISTINCT ON (the engines' two words for it).
  const counted = sql`FROM report_lines l JOIN reports r ON r.current_revision_id = l.revision_id
    WHERE +r.year = ${year} AND (r.status = 'validated' OR (${BASIS_CODE[basis]} = 2 AND r.status = 'submitted'))`;
  const { rows } =
    engineOf(db) === 'postgres'
      ? await sql<Row>`
    SELECT DISTINCT ON (l.identity, r.scheme, r.operator_id, l.epci_siren) l.identity AS identity, r.scheme AS scheme,
      r.operator_id AS operator_id, l.epci_siren AS epci_siren, l.site AS site, l.legal_form AS legal_form,
      l.beneficiary_type AS beneficiary_type, l.size_band AS size_band, r.quarter AS quarter
    ${counted}
    ORDER BY l.identity, r.scheme, r.operator_id, l.epci_siren, r.quarter DESC`.execute(db)
      : await sql<Row>`
    SELECT l.identity AS identity, r.scheme AS scheme, r.operator_id AS operator_id, l.epci_siren AS epci_siren, l.site AS site,
      l.legal_form AS legal_form, l.beneficiary_type AS beneficiary_type, l.size_band AS size_band, max(r.quarter) AS quarter
    ${counted}
    GROUP BY l.identity, r.scheme, r.operator_id, l.epci_siren`.execute(db);
  const store = factStore(db);
  const n = rows.length;
  const block: LineFactsBlock = {
    year,
    length: n,
    identity: new Int32Array(n),
    scheme: new Int32Array(n),
    operator: new Int32Array(n),
    epci: new Int32Array(n),
    quarter: new Uint8Array(n),
    reach: new Uint8Array(n),
    family: new Uint8Array(n),
    size: new Uint8Array(n),
  };
  rows.forEach((r, i) => {
    block.identity[i] = store.identities.id(r.identity);
    block.scheme[i] = store.schemes.id(r.scheme);
    block.operator[i] = store.operators.id(r.operator_id);
    block.epci[i] = store.epcis.id(r.epci_siren);
    block.quarter[i] = r.quarter;
    block.reach[i] = reachOf(r.site);
    const family = r.legal_form ? familyIndex.get(r.legal_form) : undefined;
    block.family[i] = family ?? (r.beneficiary_type === 'porteur_projet' ? EN_CREATION : UNSTATED);
    block.size[i] = sizeIndex.get(sizeClassOf(r.size_band))!;
  });
  return block;
}
