import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadGeography } from '../../geo/load-geography.ts';
import { findCommuneByPostcodeAndName, resolveCommune } from '../../geo/lookup.ts';
import { type DemoLine, type DemoReport, generateDemoData } from '../../server/demo/generate.ts';
import { isLuhnValid } from '../../server/domain/siren.ts';

const geo = loadGeography('32');
const data = generateDemoData(geo);

/** The lines a report ends with (its last upload). */
function finalLines(report: DemoReport): DemoLine[] {
  const uploads = report.steps.filter((s) => s.action === 'upload');
  const last = uploads[uploads.length - 1];
  return last && last.action === 'upload' ? last.lines : [];
}
const allLines = data.reports.flatMap((report) => finalLines(report).map((line) => ({ report, line })));

const generator = suite('generateDemoData');

generator('gives the same data, line for line, every time it runs', () => {
  const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
  assert.is(digest(generateDemoData(geo)), digest(data));
});

generator('a different seed gives different data', () => {
  assert.is.not(JSON.stringify(generateDemoData(geo, { seed: 7 }).reports[0]), JSON.stringify(data.reports[0]));
});

generator('has the nine ACC’ESS operators of the roadmap, each labelled as demo data', () => {
  const access = data.agreements.filter((a) => a.scheme === 'ACCESS').map((a) => data.operators.find((o) => o.id === a.operatorId)!);
  const names = access.map((o) => o.name.replace(' (démo)', '')).sort();
  assert.equal(names, [
    'BGE Flandre Création', 'BGE Hauts-de-France', 'BGE Littoral Opale', 'BGE Picardie', 'Emergences G2', 'Gallée',
    'La Chambre d’Eau', 'Le Germoir', 'Maillage',
  ]);
  for (const operator of data.operators.filter((o) => !o.isRegion)) {
    assert.ok(operator.isDemo, operator.id);
    assert.ok(operator.name.endsWith('(démo)'), operator.name);
  }
});

generator('has one DLA operator per département and one regional FIDESS and DASESS operator', () => {
  const dla = data.agreements.filter((a) => a.scheme === 'DLA').flatMap((a) => a.territories.map((t) => `${t.kind}:${t.code}`));
  assert.equal(dla.sort(), ['departement:02', 'departement:59', 'departement:60', 'departement:62', 'departement:80']);
  assert.is(data.agreements.filter((a) => a.scheme === 'FIDESS').length, 1);
  assert.is(data.agreements.filter((a) => a.scheme === 'DASESS').length, 1);
  for (const agreement of data.agreements) {
    assert.is(agreement.startDate, '2024-01-01');
    assert.is(agreement.endDate, '2026-12-31');
  }
});

generator('gives every operator a head office, and sites in real communes of the region at their point', () => {
  for (const operator of data.operators.filter((o) => !o.isRegion)) {
    const sites = data.sites.filter((s) => s.operatorId === operator.id);
    assert.is(sites.filter((s) => s.kind === 'hq').length, 1, operator.id);
    assert.ok(sites.some((s) => s.kind === 'outreach'), `${operator.id} holds outreach sessions`);
  }
  for (const site of data.sites) {
    const commune = geo.communes.get(site.communeCode);
    assert.ok(commune, site.name);
    assert.equal([site.lon, site.lat], [commune!.lon, commune!.lat]);
    if (site.kind === 'outreach') assert.ok(site.schedule && /mois|chaque/.test(site.schedule), site.name);
    assert.ok(site.name.endsWith('(démo)'), site.name);
  }
});

generator('locates every line in a commune whose EPCI is one of the region’s, as its commune input says', () => {
  for (const { line } of allLines) {
    const commune = geo.communes.get(line.communeCode);
    assert.ok(commune, line.communeCode);
    assert.is(line.epciSiren, commune!.epciSiren);
    assert.ok(geo.epcis.has(line.epciSiren));
    const input = line.communeInput ?? '';
    const match = /^(\d{5}) (.+)$/.exec(input);
    const resolved = match ? findCommuneByPostcodeAndName(geo, match[1]!, match[2]!) : undefined;
    const code = resolved ? (resolved.status === 'found' ? resolved.commune.code : null) : resolveCommune(geo, input)?.code;
    assert.is(code, line.communeCode, `input "${input}"`);
  }
  assert.ok(allLines.some(({ line }) => line.communeInput !== line.communeCode && /^\d{5}$/.test(line.communeInput ?? '')), 'some lines carry an absorbed commune code');
});

generator('uses pseudonymous references, each keeping the same beneficiary from quarter to quarter', () => {
  const seen = new Map<string, string>();
  for (const { report, line } of allLines) {
    assert.match(line.beneficiaryRef, /^[A-Z0-9]+(-[A-Z0-9]+)*-\d{4}$/);
    const key = `${report.operatorId}/${line.beneficiaryRef}`;
    const who = `${line.siren}|${line.communeCode}|${line.startDate}|${line.beneficiaryType}`;
    assert.is(seen.get(key) ?? who, who, key);
    seen.set(key, who);
  }
});

generator('gives companies Luhn-valid SIRENs and SIRETs, and project holders none', () => {
  for (const { line } of allLines) {
    if (line.beneficiaryType === 'porteur_projet') {
      assert.is(line.siren, null);
      assert.is(line.siret, null);
      continue;
    }
    assert.ok(line.siren && isLuhnValid(line.siren) && line.siren.length === 9, `SIREN ${line.siren}`);
    if (line.siret) {
      assert.ok(isLuhnValid(line.siret) && line.siret.length === 14, `SIRET ${line.siret}`);
      assert.is(line.siret.slice(0, 9), line.siren);
    }
  }
});

generator('follows each scheme’s stages, and DASESS advances of 5,000 to 100,000 € to employers', () => {
  const stages: Record<string, string[]> = {
    ACCESS: ['emergence', 'creation'], DLA: ['developpement', 'consolidation'], FIDESS: ['emergence'], DASESS: ['consolidation'],
  };
  for (const { report, line } of allLines) {
    const allowed = stages[report.scheme];
    if (allowed) assert.ok(allowed.includes(line.stage), `${report.scheme} ${line.stage}`);
    if (report.scheme === 'DASESS') {
      assert.ok(line.amountEur !== null && line.amountEur >= 5000 && line.amountEur <= 100000, `amount ${line.amountEur}`);
      assert.ok(line.jobsConsolidatedFte >= 1);
    }
  }
});

const distinctByYear = (scheme: string, year: number) =>
  new Set(allLines.filter(({ report }) => report.scheme === scheme && report.period.year === year).map(({ report, line }) => `${report.operatorId}/${line.beneficiaryRef}`)).size;

generator('FIDESS follows about twenty entrepreneurs a year', () => {
  for (const year of [2024, 2025]) {
    const count = distinctByYear('FIDESS', year);
    assert.ok(count >= 12 && count <= 35, `${year}: ${count}`);
  }
});

generator('follows companies over several quarters, and some in several schemes the same year', () => {
  const quarters = new Map<string, number>();
  for (const { report, line } of allLines) quarters.set(`${report.operatorId}/${line.beneficiaryRef}`, (quarters.get(`${report.operatorId}/${line.beneficiaryRef}`) ?? 0) + 1);
  const followed = [...quarters.values()].filter((n) => n >= 3).length;
  assert.ok(followed > 300, `${followed} beneficiaries on 3 reports or more`);

  const schemesBySiren = new Map<string, Set<string>>();
  for (const { report, line } of allLines) {
    if (report.period.year !== 2025 || !line.siren) continue;
    schemesBySiren.set(line.siren, (schemesBySiren.get(line.siren) ?? new Set()).add(report.scheme));
  }
  const several = [...schemesBySiren.values()].filter((s) => s.size > 1);
  assert.ok(several.length >= 10, `${several.length} companies in several schemes in 2025`);
  assert.ok(several.some((s) => s.has('DLA') && s.has('DASESS')));
});

generator('files every quarter from 2024-Q1 to 2026-Q3, leaving a few reports missing', () => {
  const periods = new Set(data.reports.map((r) => `${r.period.year}-Q${r.period.quarter}`));
  assert.is(periods.size, 11);
  assert.ok(data.missing.includes('dla-60/DLA/2025-Q4'));
  assert.ok(data.missing.some((m) => m.endsWith('2026-Q3')));
});

generator.run();
