// Small worlds for the figures: a three-EPCI geography whose numbers are easy to check by hand, and
// reports stored through the real ingest store and workflow (storeRevision, transitionReport).
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { freshDatabase } from '../helpers/database.ts';
import type { ReportStatus, Stage } from '../../db/schema.ts';
import type { Commune, Epci, Geography } from '../../geo/geography.ts';
import { parsePeriod } from '../../server/domain/periods.ts';
import { type LineToStore, storeRevision } from '../../server/reports/store.ts';
import { transitionReport } from '../../server/reports/workflow.ts';

export const EPCI_A = '200000001'; // CA, 100,000 inhabitants (two communes)
export const EPCI_B = '200000002'; // CC, 20,000
export const EPCI_C = '200000003'; // CC, 2,000

function commune(code: string, epciSiren: string, departement: string, population: number, lon: number, lat: number): Commune {
  return { code, name: `Commune ${code}`, epciSiren, departement, population, postcodes: [], lon, lat };
}

function epci(siren: string, type: Epci['type'], communes: Commune[]): Epci {
  return {
    siren,
    name: `EPCI ${siren}`,
    type,
    population: communes.reduce((s, c) => s + c.population, 0),
    departements: [...new Set(communes.map((c) => c.departement))],
    interregional: false,
    communeCodes: communes.map((c) => c.code),
    areaKm2: 100,
  };
}

/** Three EPCIs: A (2.0–2.1°E, 50°N), B 70 km east of A, C 55 km south-east of B. */
export function smallGeography(): Geography {
  const a1 = commune('80001', EPCI_A, '80', 60000, 2.0, 50.0);
  const a2 = commune('80002', EPCI_A, '80', 40000, 2.1, 50.0);
  const b1 = commune('02001', EPCI_B, '02', 20000, 3.0, 50.0);
  const c1 = commune('02002', EPCI_C, '02', 2000, 3.5, 49.6);
  const communes = [a1, a2, b1, c1];
  return {
    regionCode: '99',
    regionName: 'Région test',
    communes: new Map(communes.map((c) => [c.code, c])),
    communeCodeAliases: new Map(communes.map((c) => [c.code, c.code])),
    epcis: new Map([epci(EPCI_A, 'CA', [a1, a2]), epci(EPCI_B, 'CC', [b1]), epci(EPCI_C, 'CC', [c1])].map((e) => [e.siren, e])),
  };
}

export async function freshDb(): Promise<Db> {
  const db = await freshDatabase();
  await sql`INSERT INTO operators (id, name, created_at) VALUES ('op-a', 'Opérateur A', '2024-01-01'), ('op-b', 'Opérateur B', '2024-01-01')`.execute(db);
  return db;
}

export interface LineSpec {
  ref: string;
  siren?: string | null;
  epci?: string;
  commune?: string;
  stage?: Stage;
  jobs?: number;
  created?: number;
  /** `lieu`: a site id, 'visite' or 'distance' */
  site?: string | null;
  legalForm?: string | null;
  sizeBand?: string | null;
}

export function toLine(spec: LineSpec, lineNo: number): LineToStore {
  const epciSiren = spec.epci ?? EPCI_A;
  return {
    lineNo,
    beneficiaryRef: spec.ref,
    siret: null,
    siren: spec.siren ?? null,
    beneficiaryType: spec.siren ? 'entreprise' : 'porteur_projet',
    legalForm: spec.legalForm ?? null,
    communeInput: null,
    communeCode: spec.commune ?? (epciSiren === EPCI_A ? '80001' : epciSiren === EPCI_B ? '02001' : '02002'),
    epciSiren,
    stage: spec.stage ?? 'creation',
    startDate: '2024-01-15',
    endDate: null,
    jobsConsolidatedFte: spec.jobs ?? 0,
    jobsCreatedFte: spec.created ?? 0,
    amountEur: null,
    site: spec.site ?? null,
    creationDate: null,
    headcount: null,
    difficultyCriteria: null,
    advanceTermMonths: null,
    sizeBand: spec.sizeBand ?? null,
  };
}

/** Stores a revision (a new report as draft, or a new revision of a draft/returned one). */
export async function upload(db: Db, operatorId: string, scheme: string, period: string, lines: LineSpec[]): Promise<number> {
  const p = parsePeriod(period);
  if (!p) throw new Error(`bad period ${period}`);
  const stored = await db.transaction().execute((trx) =>
    storeRevision(trx, { operatorId, scheme, period: p, lines: lines.map(toLine), source: 'json', filename: null, userId: null, warnings: [] }),
  );
  return stored.reportId;
}

/** Moves a report along the real workflow to `status` (from draft or submitted). */
export async function moveTo(db: Db, reportId: number, status: ReportStatus): Promise<void> {
  const act = (action: 'submit' | 'validate' | 'return' | 'reopen', comment: string | null = null) =>
    db.transaction().execute((trx) => transitionReport(trx, { reportId, action, userId: null, comment }));
  const current = async () => (await db.selectFrom('reports').select('status').where('id', '=', reportId).executeTakeFirstOrThrow()).status;
  if (status === 'draft') {
    if ((await current()) === 'validated') await act('reopen', 'correction');
    return;
  }
  if ((await current()) === 'draft') await act('submit');
  if (status === 'validated') await act('validate');
  if (status === 'returned') await act('return', 'à corriger');
}

/** Uploads and brings the report to `status` in one go. */
export async function report(db: Db, operatorId: string, scheme: string, period: string, status: ReportStatus, lines: LineSpec[]): Promise<number> {
  const id = await upload(db, operatorId, scheme, period, lines);
  await moveTo(db, id, status);
  return id;
}
