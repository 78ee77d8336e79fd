// Hostile uploads: huge fields in every column, million-row sheets, zip bombs, deep JSON, malformed
// multipart. Each is refused with a 4xx and a French message naming the limit, and nothing is stored.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, createWorld, jsonLine, path, send, type World } from '../reports/fixtures.ts';
import { CSV_HEADER, CSV_LINE, XLSX_TYPE, xlsxBomb, xlsxWithCell, xlsxWithRows } from './helpers.ts';

const Hostile = suite<{ world: World }>('hostile uploads');

Hostile.before.each(async (context) => {
  context.world = await createWorld();
});

const url = () => `${path(A)}/lines`;
const revisions = async (world: World) => (await world.db.selectFrom('report_revisions').select('id').execute()).length;
const MEGABYTE = 'x'.repeat(1024 * 1024);
/** French numbers use narrow no-break spaces (50 000): compared here with plain ones. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

Hostile('a megabyte in each CSV column is refused as too long, naming the line and the column', async ({ world }) => {
  const header = CSV_HEADER.split(';');
  for (let column = 0; column < header.length; column++) {
    const line = CSV_LINE.split(';');
    line[column] = MEGABYTE;
    const reply = await send(world, 'PUT', url(), world.opA, `${CSV_HEADER}\n${line.join(';')}\n`, 'text/csv');
    assert.is(reply.status, 422, header[column]);
    // A whole line over the record limit, or a cell over the cell limit: both name what was exceeded.
    const message = plain(JSON.stringify(reply.body.error));
    assert.ok(/dépasse 65 536 caractères|valeur trop longue/.test(message), `${header[column]}: ${message.slice(0, 300)}`);
  }
  assert.is(await revisions(world), 0);
});

Hostile('a long cell under the record limit is refused before any pattern, with its column', async ({ world }) => {
  const line = CSV_LINE.split(';');
  line[0] = 'a@'.repeat(20_000); // what made the e-mail pattern quadratic
  const reply = await send(world, 'PUT', url(), world.opA, `${CSV_HEADER}\n${line.join(';')}\n`, 'text/csv');
  assert.is(reply.status, 422);
  const [error] = reply.body.error.details;
  assert.is(error.line, 2);
  assert.is(error.column, 'ref_beneficiaire');
  assert.match(plain(error.message), /valeur trop longue : 40 000 caractères, 500 au plus/);
  assert.ok(error.value.length < 100, 'the value is abridged in the answer');
});

Hostile('a megabyte in a JSON field and in an XLSX cell is refused the same way', async ({ world }) => {
  const json = await call(world.app, 'PUT', url(), world.opA, { lines: [jsonLine(MEGABYTE.slice(0, 900_000))] });
  assert.is(json.status, 422);
  assert.match(plain(json.body.error.details[0].message), /valeur trop longue/);
  const xlsx = await send(world, 'PUT', url(), world.opA, await xlsxWithCell('code_commune', 'y'.repeat(30_000)), XLSX_TYPE);
  assert.is(xlsx.status, 422);
  assert.is(xlsx.body.error.details[0].column, 'code_commune');
  assert.match(plain(xlsx.body.error.details[0].message), /valeur trop longue : 30 000 caractères/);
});

Hostile('a sheet of 1,048,576 rows is refused at the row limit, in French', async ({ world }) => {
  const reply = await send(world, 'PUT', url(), world.opA, await xlsxWithRows(1_048_576), XLSX_TYPE);
  assert.is(reply.status, 422);
  assert.match(plain(reply.body.error.details[0].message), /Fichier trop long : plus de 50 000 lignes de bénéficiaires/);
  assert.is(await revisions(world), 0);
});

Hostile('a CSV of 80,000 lines is refused at the row limit', async ({ world }) => {
  const csv = `${CSV_HEADER}\n${`${CSV_LINE}\n`.repeat(80_000)}`;
  const reply = await send(world, 'PUT', url(), world.opA, csv, 'text/csv');
  assert.is(reply.status, 422);
  assert.match(plain(reply.body.error.details[0].message), /plus de 50 000 lignes/);
});

Hostile('a zip bomb (1 MB inflating to 300 MB) is refused before its XML is read', async ({ world }) => {
  const bomb = await xlsxBomb(300);
  assert.ok(bomb.length < 2 * 1024 * 1024, `bomb of ${bomb.length} bytes`);
  const reply = await send(world, 'PUT', url(), world.opA, bomb, XLSX_TYPE);
  assert.is(reply.status, 422);
  assert.match(plain(reply.body.error.details[0].message), /Classeur trop volumineux une fois décompressé : plus de 200 Mo/);
});

Hostile('a row 16,384 columns wide is refused', async ({ world }) => {
  const wide = `${CSV_HEADER}\n${CSV_LINE}${';z'.repeat(16_384)}\n`;
  const reply = await send(world, 'PUT', url(), world.opA, wide, 'text/csv');
  assert.is(reply.status, 422);
  assert.match(plain(reply.body.error.details[0].message), /plus de 200 colonnes/);
});

Hostile('deeply nested JSON is refused with 400 before it is built', async ({ world }) => {
  const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
  const reply = await send(world, 'PUT', url(), world.opA, deep, 'application/json');
  assert.is(reply.status, 400);
  assert.match(plain(reply.body.error.message), /Corps JSON trop imbriqué : 6 niveaux au plus/);
  const nested = await send(world, 'PUT', url(), world.opA, JSON.stringify({ lines: [{ beneficiary_ref: { a: { b: { c: { d: 1 } } } } }] }), 'application/json');
  assert.is(nested.status, 400);
});

Hostile('malformed multipart bodies answer 400 in French, never 500', async ({ world }) => {
  const bodies: [string, string][] = [
    ['multipart/form-data', 'not a multipart body at all'],
    ['multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nno closing boundary'],
    ['multipart/form-data; boundary=', '--\r\n\r\n--'],
  ];
  for (const [type, body] of bodies) {
    const reply = await send(world, 'PUT', url(), world.opA, body, type);
    assert.ok(reply.status === 400, `${type}: ${reply.status} ${JSON.stringify(reply.body)}`);
    assert.match(plain(reply.body.error.message), /Formulaire/);
  }
});

Hostile('bytes that are no known format answer 415; an upload over the limit answers 413', async ({ world }) => {
  const legacyXls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
  assert.is((await send(world, 'PUT', url(), world.opA, legacyXls, 'application/octet-stream')).status, 415);
  const small = await createWorld({ uploadLimitBytes: 1000 });
  const reply = await send(small, 'PUT', `${path(A)}/lines`, small.opA, `${CSV_HEADER}\n${CSV_LINE}\n`.repeat(50), 'text/csv');
  assert.is(reply.status, 413);
  assert.match(plain(reply.body.error.message), /Fichier trop volumineux : la limite est de 0,98 Ko/);
});

Hostile('a chunked upload without Content-Length is cut off at the limit while it is read', async () => {
  const small = await createWorld({ uploadLimitBytes: 1000 });
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 500;
      if (sent > 1_000_000) controller.close();
      else controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
    },
  });
  const response = await small.app.request(`${path(A)}/lines`, { method: 'PUT', headers: { ...small.opA, 'content-type': 'text/csv' }, body: stream, duplex: 'half' } as RequestInit);
  assert.is(response.status, 413);
  assert.ok(sent < 10_000, `read ${sent} bytes before refusing`);
});

Hostile.run();
