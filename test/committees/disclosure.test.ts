// Secrecy of small numbers (issue 10): small counts masked with what reveals them, a second cell hidden
// wherever a published total would give the first back, on crafted tables and through the routes.
import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { suppressCells } from '../../server/figures/disclosure.ts';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonLine, path, type World } from '../reports/fixtures.ts';

const Secrecy = suite('secrecy of small numbers');

type Cell = { value: number; hidden: 'small' | 'complement' | null };
const cells = (...values: number[]): Cell[] => values.map((value) => ({ value, hidden: null }));

Secrecy('a row with one small cell gets a second one hidden, the smallest other positive one', () => {
  const row = cells(5, 1, 7, 0);
  const total: Cell = { value: 13, hidden: null };
  suppressCells([...row, total], [{ total, parts: row }], 3);
  assert.equal(row.map((c) => c.hidden), ['complement', 'small', null, null]);
  assert.is(total.hidden, null);
});

Secrecy('random tables: every small cell hidden, no total with exactly one hidden member, shown values untouched', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let trial = 0; trial < 300; trial++) {
    const rows = 1 + Math.floor(random() * 6);
    const cols = 1 + Math.floor(random() * 6);
    const grid = Array.from({ length: rows }, () => cells(...Array.from({ length: cols }, () => Math.floor(random() * (random() < 0.4 ? 4 : 30)))));
    const rowTotals = grid.map((r) => ({ value: r.reduce((s, c) => s + c.value, 0), hidden: null }) as Cell);
    const colTotals = Array.from({ length: cols }, (_, j) => ({ value: grid.reduce((s, r) => s + r[j].value, 0), hidden: null }) as Cell);
    const grand: Cell = { value: rowTotals.reduce((s, c) => s + c.value, 0), hidden: null };
    const relations = [
      ...grid.map((r, i) => ({ total: rowTotals[i], parts: r })),
      ...colTotals.map((total, j) => ({ total, parts: grid.map((r) => r[j]) })),
      { total: grand, parts: rowTotals },
      { total: grand, parts: colTotals },
    ];
    const all = [...grid.flat(), ...rowTotals, ...colTotals, grand];
    const values = all.map((c) => c.value);
    suppressCells(all, relations, 3);
    for (const c of all) if (c.value > 0 && c.value < 3) assert.is.not(c.hidden, null);
    for (const { total, parts } of relations) {
      const hidden = [total, ...parts].filter((c) => c.hidden !== null).length;
      assert.ok(hidden !== 1, `trial ${trial}: a total with exactly one hidden member can be subtracted`);
    }
    assert.equal(all.map((c) => c.value), values);
  }
});

async function smallWorld(): Promise<World> {
  const world = await createWorld();
  const file = async (operator: string, lines: object[]) => {
    const headers = operator === A ? world.opA : world.opB;
    assert.is((await call(world.app, 'PUT', `${path(operator)}/lines`, headers, { lines })).status, 200);
    await call(world.app, 'POST', `${path(operator)}/submit`, headers, {});
    await call(world.app, 'POST', `${path(operator)}/validate`, world.region, {});
  };
  // Saint-Quentin: 1 (small); Lille: 5; Amiens: 4; Arras: 2 (small)
  await file(A, [jsonLine('SQ-1', { jobs_consolidated_fte: 3 }), ...['1', '2', '3', '4', '5'].map((n) => jsonLine(`L-${n}`, { commune: '59350' }))]);
  await file(B, [...['1', '2', '3', '4'].map((n) => jsonLine(`AM-${n}`, { commune: '80021' })), jsonLine('AR-1', { commune: '62041' }), jsonLine('AR-2', { commune: '62041', stage: 'emergence' })]);
  return world;
}

// biome-ignore lint/suspicious/noExplicitAny: an EPCI of a JSON answer
const epci = (body: { epcis: Array<{ name: string }> }, prefix: string): any => body.epcis.find((e) => e.name.startsWith(prefix));

Secrecy('coverage?disclosure=public masks small EPCI counts with their jobs, and totals never give one back', async () => {
  const world = await smallWorld();
  const url = '/api/v1/figures/coverage?from=2025&to=2025';
  const exact = (await call(world.app, 'GET', url, world.region)).body;
  const shown = await call(world.app, 'GET', `${url}&disclosure=public`, world.region);
  assert.is(shown.status, 200);
  assert.is(exact.disclosure, undefined);
  assert.is(shown.body.disclosure.threshold, 3);
  const sq = epci(shown.body, 'CA du Saint-Quentinois');
  assert.equal([sq.beneficiaries, sq.jobsConsolidated, sq.per10k, sq.pValue], [null, null, null, null]);
  assert.is(sq.hidden.beneficiaries, 'small');
  assert.is(sq.covered, true);
  // Small ones are 1 or 2 exactly; complements are other cells hidden with them (here several: the
  // Aisne's and Somme's CA, the CU total and what it leaves recoverable), never a small one.
  const exactOf = (siren: string) => exact.epcis.find((x: { siren: string }) => x.siren === siren).beneficiaries;
  for (const e of shown.body.epcis.filter((x: { hidden?: object }) => x.hidden)) {
    const n = exactOf(e.siren);
    if (e.hidden.beneficiaries === 'small') assert.ok(n > 0 && n < 3, `${e.name}: ${n}`);
    else assert.ok(n === 0 || n >= 3, `${e.name}: ${n}`);
  }
  assert.is(shown.body.epcis.find((e: { siren: string }) => e.siren === '200033579').hidden.beneficiaries, 'small'); // CU d'Arras: 2

  // Every total published: region, per type, per département, per zone, has 0 or ≥ 2 hidden parts.
  const hiddenIn = (members: Array<{ beneficiaries: number | null }>) => members.filter((m) => m.beneficiaries === null).length;
  const groups = [
    ...shown.body.summary.byType.map((g: { type: string; beneficiaries: number | null }) => [g, shown.body.epcis.filter((e: { type: string }) => e.type === g.type)]),
    ...shown.body.summary.byDepartement.map((g: { departement: string }) => [g, shown.body.epcis.filter((e: { departements: string[] }) => e.departements.includes(g.departement))]),
    [shown.body.summary, shown.body.epcis],
  ];
  for (const [total, parts] of groups) assert.ok(hiddenIn([total, ...parts]) !== 1, JSON.stringify(total).slice(0, 120));
  // What is shown is exact.
  for (const e of shown.body.epcis) if (e.beneficiaries !== null) assert.is(e.beneficiaries, exact.epcis.find((x: { siren: string }) => x.siren === e.siren).beneficiaries);

  const csv = await call(world.app, 'GET', `/api/v1/figures/coverage.csv?from=2025&to=2025&disclosure=public`, world.region);
  const line = String(csv.body).split('\n').find((l) => l.includes('Saint-Quentinois'))!;
  assert.match(line, /< 3/);
  assert.not.match(String(csv.body), /;1;/);
});

Secrecy('targets?disclosure=public: a small stage is masked and a second stage with it, since stages add up to the total', async () => {
  const world = await smallWorld();
  const year = (await call(world.app, 'GET', '/api/v1/figures/targets?from=2025&to=2025&disclosure=public', world.region)).body.years[0];
  assert.is(year.beneficiaries.distinct, 12);
  assert.is(year.byStage.emergence, null);
  assert.is(year.hidden['byStage.emergence'], 'small');
  const hiddenStages = Object.values(year.byStage).filter((n) => n === null).length;
  assert.ok(hiddenStages >= 2, JSON.stringify(year.byStage));
  const xlsx = await world.app.request('/api/v1/figures/targets.xlsx?from=2025&to=2025&disclosure=public', { headers: world.region });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const values = (book.worksheets[0].getRow(2).values as unknown[]).map(String);
  assert.ok(values.includes('< 3'), values.join(' | '));
  assert.ok(values.includes('secret'), values.join(' | '));
});

Secrecy('the COTECH sees public figures by default, exact ones once the Region turns it off; the Region chooses', async () => {
  const world = await smallWorld();
  const url = '/api/v1/figures/coverage?from=2025&to=2025';
  assert.ok((await call(world.app, 'GET', `${url}&disclosure=internal`, world.cotech)).body.disclosure, 'COTECH cannot ask for exact figures');
  assert.is((await call(world.app, 'GET', url, world.region)).body.disclosure, undefined);
  assert.is((await call(world.app, 'PATCH', '/api/v1/settings', world.region, { cotechDisclosure: 'internal', smallCountThreshold: 5 })).status, 200);
  assert.is((await call(world.app, 'GET', url, world.cotech)).body.disclosure, undefined);
  const five = (await call(world.app, 'GET', `${url}&disclosure=public`, world.region)).body;
  assert.is(five.disclosure.threshold, 5);
  assert.is(epci(five, 'CA Amiens Métropole').beneficiaries, null);
  assert.is((await call(world.app, 'GET', `${url}&disclosure=tout`, world.region)).status, 400);
  assert.is((await call(world.app, 'PATCH', '/api/v1/settings', world.region, { smallCountThreshold: 0 })).status, 400);
});

Secrecy.run();
