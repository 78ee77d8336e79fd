import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { distanceKm } from '../../geo/distance.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { findCommuneByPostcodeAndName, locatePoint, resolveCommune, resolveEpci, searchCommunes } from '../../geo/lookup.ts';
import { normalizeName } from '../../geo/normalize-name.ts';
import { tinyGeography } from '../fixtures/geo/tiny-geography.ts';

const geo = loadGeography('32');
const names = (communes: { name: string }[]) => communes.map((c) => c.name);

const codes = suite('resolveCommune');

codes('finds a current commune by its INSEE code, spaces trimmed', () => {
  assert.is(resolveCommune(geo, '59350')?.name, 'Lille');
  assert.is(resolveCommune(geo, ' 80021 ')?.name, 'Amiens');
});

codes('finds the commune nouvelle from an absorbed 2018 code', () => {
  assert.is(resolveCommune(geo, '80389')?.code, '80442'); // Grécourt → Hombleux, attached by shared border
  assert.is(resolveCommune(geo, '62549')?.name, 'Hesdin-la-Forêt'); // Marconne, commune déléguée
  assert.is(resolveEpci(geo, '80389')?.siren, resolveCommune(geo, '80442')!.epciSiren);
});

codes('does not guess: an incomplete, foreign or empty code is unknown', () => {
  assert.is(resolveCommune(geo, '8038'), undefined);
  assert.is(resolveCommune(geo, '75056'), undefined); // Paris, not in the region
  assert.is(resolveCommune(geo, ''), undefined);
  assert.is(resolveEpci(geo, '75056'), undefined);
});

const postcodes = suite('findCommuneByPostcodeAndName');

postcodes('finds a commune whatever the case, accents, hyphens or St abbreviation', () => {
  for (const name of ['Saint-Omer', 'SAINT OMER', 'St-Omer', 'st omer']) {
    const match = findCommuneByPostcodeAndName(geo, '62500', name);
    assert.is(match.status, 'found', name);
    assert.is(match.status === 'found' && match.commune.code, '62765');
  }
  const amiens = findCommuneByPostcodeAndName(geo, '80000', 'amiens');
  assert.is(amiens.status === 'found' && amiens.commune.code, '80021');
  const apostrophe = findCommuneByPostcodeAndName(geo, '59570', "L'OREE DE MORMAL");
  assert.is(apostrophe.status === 'found' && apostrophe.commune.code, '59006');
});

postcodes('finds the commune nouvelle from the name of a commune it absorbed', () => {
  const match = findCommuneByPostcodeAndName(geo, '80400', 'Grécourt');
  assert.is(match.status === 'found' && match.commune.name, 'Hombleux');
});

postcodes('tells the name is unknown for this postcode and suggests the communes that share it', () => {
  const match = findCommuneByPostcodeAndName(geo, '80140', 'Lille');
  assert.is(match.status, 'unknown');
  assert.is(match.status === 'unknown' && match.candidates.length, 40); // 80140 is shared by 40 communes
  const unknownPostcode = findCommuneByPostcodeAndName(geo, '75001', 'Paris');
  assert.equal(unknownPostcode, { status: 'unknown', candidates: [] });
});

postcodes('answers ambiguous when several communes of the postcode carry the name', () => {
  const match = findCommuneByPostcodeAndName(tinyGeography, '99100', 'st martin');
  assert.is(match.status, 'ambiguous');
  assert.equal(match.status === 'ambiguous' && match.candidates.map((c) => c.code).sort(), ['99001', '99002']);
  const other = findCommuneByPostcodeAndName(tinyGeography, '99200', 'Ste Croix');
  assert.is(other.status === 'found' && other.commune.code, '99003');
  const absorbed = findCommuneByPostcodeAndName(tinyGeography, '99200', 'vieux bourg');
  assert.is(absorbed.status === 'found' && absorbed.commune.code, '99004');
});

const search = suite('searchCommunes');

search('finds communes by the start of their name, larger ones first, then by a part of it', () => {
  assert.equal(names(searchCommunes(geo, 'saint-omer')).slice(0, 1), ['Saint-Omer']);
  const lille = names(searchCommunes(geo, 'lille'));
  assert.is(lille[0], 'Lille');
  assert.ok(lille.includes('Lillers'));
  assert.ok(lille.indexOf('Lillers') < lille.indexOf('Saint-André-lez-Lille'), 'names starting with the query come first');
  assert.ok(names(searchCommunes(geo, 'mormal')).includes("L'Orée de Mormal"));
});

search('finds a commune by INSEE code, absorbed code or postcode', () => {
  // 59350 is Lille's INSEE code and Saint-André-lez-Lille's postcode: the code first
  assert.equal(names(searchCommunes(geo, '59350')), ['Lille', 'Saint-André-lez-Lille']);
  assert.equal(names(searchCommunes(geo, '80389')), ['Hombleux']);
  assert.ok(searchCommunes(geo, '59000').some((c) => c.code === '59350'));
  assert.ok(searchCommunes(geo, '62500').length > 1);
});

search('returns at most the limit, nothing for an empty or unknown query', () => {
  assert.is(searchCommunes(geo, 'saint').length, 20);
  assert.is(searchCommunes(geo, 'saint', 5).length, 5);
  assert.equal(searchCommunes(geo, '   '), []);
  assert.equal(searchCommunes(geo, 'zzzz'), []);
});

const points = suite('locatePoint');

points('finds the commune and EPCI under a point', () => {
  const grandPlace = locatePoint(geo, 3.0632, 50.6372);
  assert.is(grandPlace?.commune.name, 'Lille');
  assert.is(grandPlace?.epci?.siren, '200093201');
  const cathedrale = locatePoint(geo, 2.3022, 49.8946);
  assert.is(cathedrale?.commune.name, 'Amiens');
});

points("finds every commune from its own point (the table's point inside the commune)", () => {
  for (const commune of geo.communes.values()) assert.is(locatePoint(geo, commune.lon, commune.lat)?.commune.code, commune.code);
});

points('answers nothing outside the region or for invalid coordinates', () => {
  assert.is(locatePoint(geo, 2.3522, 48.8566), undefined); // Paris
  assert.is(locatePoint(geo, 1.5, 50.5), undefined); // the Channel
  assert.is(locatePoint(geo, Number.NaN, 50), undefined);
});

const helpers = suite('distanceKm and normalizeName');

helpers('measures great-circle distances in km', () => {
  assert.ok(Math.abs(distanceKm([2, 50], [2, 51]) - 111.195) < 0.01); // one degree of meridian
  const lilleAmiens = distanceKm([3.0632, 50.6372], [2.3022, 49.8946]);
  assert.ok(lilleAmiens > 98 && lilleAmiens < 100, `${lilleAmiens}`); // ≈ 99 km as the crow flies
  assert.is(distanceKm([3, 50], [3, 50]), 0);
});

helpers('ignores case, accents, ligatures and punctuation, and reads St/Ste as Saint/Sainte', () => {
  assert.is(normalizeName("Ste-Marie-Kerque"), normalizeName('SAINTE MARIE KERQUE'));
  assert.is(normalizeName('Œuilly'), 'oeuilly');
  assert.is(normalizeName("L'Orée de Mormal"), 'loreedemormal');
  assert.is.not(normalizeName('Estrées'), normalizeName('Estrée'));
});

codes.run();
postcodes.run();
search.run();
points.run();
helpers.run();
