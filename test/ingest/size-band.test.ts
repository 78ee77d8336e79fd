// The optional `tranche_effectif` column (issue 13): INSEE's employee size bands, read as a spreadsheet writes
// them, refused with the line and column otherwise, stored with the line and given back.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSizeBand } from '../../server/ingest/fields.ts';
import { call } from '../helpers/app.ts';
import { A, createWorld, jsonLine, path } from '../reports/fixtures.ts';

const Band = suite('tranche_effectif');

Band('reads INSEE codes, a leading zero a spreadsheet dropped, and NN', () => {
  assert.equal(parseSizeBand('12'), { ok: true, value: '12' });
  assert.equal(parseSizeBand('1'), { ok: true, value: '01' });
  assert.equal(parseSizeBand(' nn '), { ok: true, value: 'NN' });
  for (const bad of ['99', '10', '250', 'PME', '1,5']) {
    const parsed = parseSizeBand(bad);
    assert.not.ok(parsed.ok, bad);
    if (!parsed.ok) assert.match(parsed.message, /code INSEE attendu/);
  }
});

Band('stored with the line over the API; a bad band names its line and column, nothing stored', async () => {
  const world = await createWorld();
  const ok = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-1', { size_band: '2' }), jsonLine('B-2')] });
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  const lines = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body.lines;
  assert.equal(lines.map((l: { size_band: string | null }) => l.size_band), ['02', null]);
  const bad = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-1', { size_band: 'grande' })] });
  assert.is(bad.status, 422);
  assert.equal([bad.body.error.details[0].line, bad.body.error.details[0].column], [1, 'size_band']); // JSON lines: numbered from 1, English names
  assert.is((await world.db.selectFrom('report_revisions').selectAll().execute()).length, 1);
});

Band.run();
