// ESS establishments and jobs per EPCI (issue 13), as the CRESS panorama gives them: a CSV the Region loads
// (`epci_siren;etablissements;emplois`), replacing the previous one whole. When loaded, the establishments
// are the base of the expected coverage instead of the population (server/figures/equity.ts).
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/database.ts';
import type { Geography } from '../../geo/geography.ts';
import { AppError } from '../errors.ts';
import { decodeText, detectDelimiter } from '../ingest/read-csv.ts';

/** More rows than France has EPCIs (about 1,250) is not a panorama. */
const MAX_ROWS = 2000;
const COLUMNS = { epci_siren: ['epci_siren', 'siren', 'siren epci', 'siren_epci', 'epci'], etablissements: ['etablissements', 'etablissements ess', 'nombre etablissements'], emplois: ['emplois', 'emplois ess', 'salaries'] } as const;

export interface EssEstablishmentRow {
  epciSiren: string;
  establishments: number;
  jobs: number | null;
}

interface Problem {
  line: number;
  field: string;
  value?: string;
  message: string;
}

const word = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s-]+/g, ' ').trim();
const refuse = (message: string, details: Problem[]) => new AppError(422, 'invalid_ess_establishments', message, details);

/** Reads and checks the whole file; 422 listing every problem (line, column, what was expected). */
export function parseEssEstablishments(bytes: Uint8Array, geo: Pick<Geography, 'epcis'>): EssEstablishmentRow[] {
  const text = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, trim: true, to_line: MAX_ROWS + 2 }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw refuse(`Fichier CSV illisible à la ligne ${line} : vérifiez les guillemets et le séparateur (;).`, [{ line, field: 'fichier', message: 'CSV illisible' }]);
  }
  if (records.length === 0) throw refuse('Fichier vide : attendu un en-tête epci_siren;etablissements;emplois puis une ligne par EPCI.', [{ line: 1, field: 'fichier', message: 'fichier vide' }]);
  const header = records[0].map(word);
  const index = (key: keyof typeof COLUMNS) => header.findIndex((h) => (COLUMNS[key] as readonly string[]).includes(h));
  const at = { siren: index('epci_siren'), establishments: index('etablissements'), jobs: index('emplois') };
  const missing = [at.siren < 0 ? 'epci_siren' : null, at.establishments < 0 ? 'etablissements' : null].filter((c): c is string => c !== null);
  if (missing.length) {
    throw refuse(`Colonne${missing.length > 1 ? 's' : ''} manquante${missing.length > 1 ? 's' : ''} : ${missing.join(', ')} (en-tête attendu : epci_siren;etablissements;emplois).`, missing.map((field) => ({ line: 1, field, message: 'colonne manquante' })));
  }
  if (records.length > MAX_ROWS + 1) throw refuse(`Trop de lignes : au plus ${MAX_ROWS} EPCI.`, [{ line: MAX_ROWS + 2, field: 'fichier', message: `au plus ${MAX_ROWS} lignes` }]);
  const problems: Problem[] = [];
  const rows: EssEstablishmentRow[] = [];
  const seen = new Map<string, number>();
  const whole = (value: string, line: number, field: string, required: boolean): number | null | undefined => {
    const cleaned = value.replace(/[\s\u00a0\u202f]/g, '');
    if (cleaned === '') {
      if (required) problems.push({ line, field, message: 'nombre attendu' });
      return required ? undefined : null;
    }
    if (!/^\d{1,9}$/.test(cleaned)) {
      problems.push({ line, field, value: value.slice(0, 40), message: 'nombre entier positif attendu (ex. 412)' });
      return undefined;
    }
    return Number(cleaned);
  };
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const siren = (record[at.siren] ?? '').replace(/\s/g, '');
    if (!/^\d{9}$/.test(siren)) problems.push({ line, field: 'epci_siren', value: siren.slice(0, 40), message: 'SIREN d’EPCI attendu (9 chiffres)' });
    else if (!geo.epcis.has(siren)) problems.push({ line, field: 'epci_siren', value: siren, message: 'EPCI inconnu dans la région' });
    else if (seen.has(siren)) problems.push({ line, field: 'epci_siren', value: siren, message: `EPCI déjà donné ligne ${seen.get(siren)}` });
    else seen.set(siren, line);
    const establishments = whole(record[at.establishments] ?? '', line, 'etablissements', true);
    const jobs = at.jobs < 0 ? null : whole(record[at.jobs] ?? '', line, 'emplois', false);
    if (establishments !== undefined && establishments !== null && jobs !== undefined && seen.get(siren) === line) rows.push({ epciSiren: siren, establishments, jobs });
  });
  if (problems.length) {
    const first = problems[0];
    throw refuse(`${problems.length} erreur${problems.length > 1 ? 's' : ''} ; la première, ligne ${first.line}, colonne ${first.field} : ${first.message}. Rien n’a été enregistré.`, problems.slice(0, 200));
  }
  return rows;
}

/** Replaces the loaded establishments, in the caller's transaction. */
export async function replaceEssEstablishments(trx: Db, rows: readonly EssEstablishmentRow[], userId: number): Promise<void> {
  await trx.deleteFrom('ess_establishments').execute();
  const loadedAt = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('ess_establishments')
      .values(rows.slice(i, i + 500).map((r) => ({ epci_siren: r.epciSiren, establishments: r.establishments, jobs: r.jobs, loaded_at: loadedAt, loaded_by: userId })))
      .execute();
  }
}

export async function listEssEstablishments(db: Db) {
  const rows = await db.selectFrom('ess_establishments').selectAll().orderBy('epci_siren').execute();
  return {
    loadedAt: rows[0]?.loaded_at ?? null,
    epcis: rows.map((r) => ({ epciSiren: r.epci_siren, establishments: r.establishments, jobs: r.jobs })),
  };
}
