import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, type TestApp } from '../helpers/app.ts';

let testApp: TestApp;
const get = (path: string, headers: Record<string, string> = {}) => call(testApp.app, 'GET', path, headers);

const layers = suite('GET /api/v1/geo map layers');
layers.before(async () => {
  testApp = await createTestApp();
});

layers('serves the 92 EPCIs as GeoJSON without login, with their figures', async () => {
  const { status, body } = await get('/api/v1/geo/epcis');
  assert.is(status, 200);
  assert.is(body.type, 'FeatureCollection');
  assert.is(body.features.length, 92);
  const mel = body.features.find((f: { properties: { siren: string } }) => f.properties.siren === '200093201');
  assert.equal(Object.keys(mel.properties).sort(), ['areaKm2', 'departements', 'interregional', 'name', 'population', 'siren', 'type']);
  assert.is(mel.properties.type, 'METRO');
  assert.equal(mel.properties.departements, ['59']);
  assert.ok(['Polygon', 'MultiPolygon'].includes(mel.geometry.type));
});

layers('serves the TopoJSON layer with EPCIs, départements and region sharing arcs', async () => {
  const { status, body } = await get('/api/v1/geo/epcis.topojson');
  assert.is(status, 200);
  assert.is(body.type, 'Topology');
  assert.equal(Object.keys(body.objects).sort(), ['departements', 'epcis', 'region']);
  assert.is(body.objects.epcis.geometries.length, 92);
});

layers('serves the 5 départements and the region outline', async () => {
  const departements = await get('/api/v1/geo/departements');
  assert.equal(departements.body.features.map((f: { properties: { code: string } }) => f.properties.code), ['02', '59', '60', '62', '80']);
  assert.is(departements.body.features[1].properties.name, 'Nord');
  const region = await get('/api/v1/geo/region');
  assert.is(region.status, 200);
  assert.equal(region.body.properties, { code: '32', name: 'Hauts-de-France' });
});

layers('lets browsers cache the layers and revalidate them by ETag', async () => {
  const first = await testApp.app.request('/api/v1/geo/epcis.topojson');
  assert.is(first.headers.get('cache-control'), 'public, max-age=3600');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await testApp.app.request('/api/v1/geo/epcis.topojson', { headers: { 'If-None-Match': etag! } });
  assert.is(again.status, 304);
  assert.is(await again.text(), '');
});

const communes = suite('GET /api/v1/geo/communes');
communes.before(async () => {
  testApp = await createTestApp();
});

communes('searches communes by name, with their EPCI and point', async () => {
  const { status, body } = await get('/api/v1/geo/communes?q=amiens');
  assert.is(status, 200);
  const [amiens] = body.communes;
  assert.is(amiens.code, '80021');
  assert.is(amiens.epciName, 'CA Amiens Métropole');
  assert.equal(amiens.postcodes, ['80000', '80080', '80090']);
  assert.ok(typeof amiens.lon === 'number' && typeof amiens.lat === 'number');
});

communes('searches by postcode and returns at most 20 communes', async () => {
  const { body } = await get('/api/v1/geo/communes?q=80140');
  assert.is(body.communes.length, 20);
  // a 5-digit query is an INSEE code or a postcode: commune 80140 first, then communes of postcode 80140
  assert.ok(body.communes.every((c: { code: string; postcodes: string[] }) => c.code === '80140' || c.postcodes.includes('80140')));
  const limited = await get('/api/v1/geo/communes?q=saint&limit=3');
  assert.is(limited.body.communes.length, 3);
});

communes('explains in French what is wrong with the query', async () => {
  const empty = await get('/api/v1/geo/communes?q=');
  assert.is(empty.status, 400);
  assert.is(empty.body.error.code, 'invalid_request');
  assert.match(empty.body.error.message, /texte à chercher vide/);
  const tooMany = await get('/api/v1/geo/communes?q=lille&limit=50');
  assert.is(tooMany.status, 400);
  assert.match(tooMany.body.error.message, /limit/);
});

communes('shows one commune by current or absorbed code, with the codes it absorbed', async () => {
  const hombleux = await get('/api/v1/geo/communes/80389');
  assert.is(hombleux.status, 200);
  assert.is(hombleux.body.code, '80442');
  assert.is(hombleux.body.name, 'Hombleux');
  assert.is(hombleux.body.requestedCode, '80389');
  assert.equal(hombleux.body.absorbedCodes, ['80389']);
  const hesdin = await get('/api/v1/geo/communes/62447');
  assert.equal(hesdin.body.absorbedCodes, ['62461', '62549', '62743']);
});

communes('answers 404 for a commune outside the region and 400 for a malformed code', async () => {
  const paris = await get('/api/v1/geo/communes/75056');
  assert.is(paris.status, 404);
  assert.match(paris.body.error.message, /Commune inconnue dans la région Hauts-de-France : 75056/);
  const malformed = await get('/api/v1/geo/communes/lille');
  assert.is(malformed.status, 400);
  assert.match(malformed.body.error.message, /code INSEE à 5 caractères/);
});

const locate = suite('GET /api/v1/geo/locate');
locate.before(async () => {
  testApp = await createTestApp();
});

locate('finds the commune and EPCI under a point', async () => {
  const { status, body } = await get('/api/v1/geo/locate?lon=3.0632&lat=50.6372');
  assert.is(status, 200);
  assert.is(body.commune.name, 'Lille');
  assert.equal(body.epci, { siren: '200093201', name: 'Métropole Européenne de Lille', type: 'METRO', interregional: false });
});

locate('answers 404 outside the region and 400 for coordinates that are not numbers', async () => {
  const paris = await get('/api/v1/geo/locate?lon=2.3522&lat=48.8566');
  assert.is(paris.status, 404);
  assert.match(paris.body.error.message, /Aucune commune de la région Hauts-de-France/);
  const wrong = await get('/api/v1/geo/locate?lon=abc&lat=95');
  assert.is(wrong.status, 400);
  assert.match(wrong.body.error.message, /lat/);
});

layers('are documented in the OpenAPI document', async () => {
  const { body } = await get('/api/v1/openapi.json');
  // (/geo/epcis.topojson is left out by hono-openapi, which takes a path with an extension for a static file)
  for (const path of ['/geo/epcis', '/geo/departements', '/geo/region', '/geo/communes', '/geo/communes/{code}', '/geo/locate']) {
    assert.ok(body.paths[path]?.get, `${path} documented`);
  }
});

layers.run();
communes.run();
locate.run();
