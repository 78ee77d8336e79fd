import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Commune, Geography } from '../../geo/geography.ts';
import { ingestFile, ingestJson, MAX_ERRORS } from '../../server/ingest/index.ts';
import { contextFor, errorsOf, fixture, geo, linesOf, utf8 } from './context.ts';

/** One JSON line with sensible defaults, for tests about one field. */
const line = (fields: Record<string, string | number | null>) => ({
  beneficiary_ref: 'L-1',
  beneficiary_type: 'porteur_projet',
  commune: '59350',
  stage: 'emergence',
  start_date: '2025-01-06',
  ...fields,
});
const one = async (fields: Record<string, string | number | null>, scheme = 'ACCESS') =>
  ingestJson({ lines: [line(fields)] }, await contextFor(scheme));

const refs = suite('beneficiary_ref');

refs('rejects an e-mail address as a reference, explaining it is personal data', async () => {
  const errors = errorsOf(await one({ beneficiary_ref: 'Marie.Durand@gmail.com' }));
  assert.equal(
    errors.map((e) => [e.line, e.column, e.value]),
    [[1, 'beneficiary_ref', 'Marie.Durand@gmail.com']],
  );
  assert.match(errors[0].message, 'donnée personnelle');
  assert.match(errors[0].message, 'pseudonyme');
});

refs('rejects a phone number and warns about what looks like a person name', async () => {
  assert.match(errorsOf(await one({ beneficiary_ref: '06 12 34 56 78' }))[0].message, 'téléphone');
  const result = await one({ beneficiary_ref: 'Jean Dupont' });
  assert.is(linesOf(result).length, 1);
  assert.equal(
    result.warnings.map((w) => [w.column, w.value]),
    [['beneficiary_ref', 'Jean Dupont']],
  );
  assert.match(result.warnings[0].message, 'nom de personne');
  assert.is((await one({ beneficiary_ref: 'BGE-LILLE-0042' })).warnings.length, 0);
});

refs('rejects the same reference twice, on the second line, naming the first', async () => {
  const result = ingestJson(
    {
      lines: [
        line({ beneficiary_ref: 'B-7' }),
        line({ beneficiary_ref: 'B-8' }),
        line({ beneficiary_ref: 'b-7 ' }),
      ],
    },
    await contextFor('ACCESS'),
  );
  const errors = errorsOf(result);
  assert.equal(
    errors.map((e) => [e.line, e.value]),
    [[3, 'b-7 ']],
  );
  assert.match(errors[0].message, 'déjà utilisée ligne 1');
});

refs.run();

const siret = suite('siret');

siret('accepts valid SIRETs and SIRENs with spaces or dots, and derives the SIREN', async () => {
  const lines = linesOf(
    ingestJson(
      {
        lines: [
          line({ beneficiary_ref: 'a', beneficiary_type: 'entreprise', siret: '443.061.841.00013' }),
          line({ beneficiary_ref: 'b', beneficiary_type: 'entreprise', siret: '512 345 679' }),
          line({ beneficiary_ref: 'c', beneficiary_type: 'entreprise', siret: '35600000012346' }),
        ],
      },
      await contextFor('ACCESS'),
    ),
  );
  assert.equal(
    lines.map((l) => [l.siret, l.siren]),
    [
      ['44306184100013', '443061841'],
      [null, '512345679'],
      ['35600000012346', '356000000'],
    ],
  );
});

siret('rejects a wrong checksum, a wrong length and letters, saying what is expected', async () => {
  assert.match(errorsOf(await one({ siret: '44306184100014' }))[0].message, 'clé de contrôle');
  assert.match(errorsOf(await one({ siret: '512345678' }))[0].message, 'SIREN invalide');
  assert.match(errorsOf(await one({ siret: '35600000012345' }))[0].message, 'clé de contrôle');
  assert.match(errorsOf(await one({ siret: '4430618410001' + '34' }))[0].message, '15 chiffres lus');
  assert.match(errorsOf(await one({ siret: 'FR443061841' }))[0].message, 'sans lettres');
});

siret('warns when two references share a SIREN: they count as one beneficiary', async () => {
  const result = ingestJson(
    {
      lines: [
        line({ beneficiary_ref: 'a', beneficiary_type: 'entreprise', siret: '44306184100013' }),
        line({ beneficiary_ref: 'b', beneficiary_type: 'entreprise', siret: '443061841' }),
      ],
    },
    await contextFor('ACCESS'),
  );
  assert.is(linesOf(result).length, 2);
  assert.equal(
    result.warnings.map((w) => [w.line, w.column]),
    [[2, 'siret']],
  );
  assert.match(result.warnings[0].message, 'ligne 1');
});

siret.run();

const damage = suite('Excel damage');

damage('repairs codes that lost their leading zeros, with a warning on each repaired cell', async () => {
  const result = await ingestFile(fixture('excel-damaged.csv'), 'csv', await contextFor('ACCESS'));
  const lines = linesOf(result);
  assert.equal(
    lines.map((l) => [l.beneficiaryRef, l.communeCode, l.siret]),
    [
      ['R-01', '02691', null],
      ['R-02', '02408', null],
      ['R-03', '59350', '00542002100015'],
    ],
  );
  assert.equal(
    result.warnings.map((w) => [w.line, w.column, w.value, w.message]),
    [
      [2, 'code_commune', '2691', 'corrigé en 02691 (zéro initial perdu) : Saint-Quentin'],
      [3, 'code_postal', '2000', 'corrigé en 02000 (zéro initial perdu)'],
      [4, 'siret', '542002100015', 'corrigé en 00542002100015 (zéros initiaux perdus)'],
    ],
  );
});

damage('explains that a SIRET in scientific notation cannot be repaired', async () => {
  const errors = errorsOf(
    await ingestFile(fixture('scientific-siret.csv'), 'csv', await contextFor('ACCESS')),
  );
  assert.equal(
    errors.map((e) => [e.line, e.column, e.value]),
    [
      [2, 'siret', '4,43062E+13'],
      [4, 'siret', '5.12346E+13'],
    ],
  );
  assert.is(
    errors[0].message,
    'le SIRET a été converti en nombre par Excel et ses derniers chiffres sont perdus : formatez la colonne en Texte et ressaisissez-le',
  );
});

damage('does not pad a 4-digit code that names no commune', async () => {
  const errors = errorsOf(await one({ commune: '9999' }));
  assert.match(errors[0].message, 'code INSEE');
});

damage.run();

const place = suite('Commune');

place('resolves an absorbed 2018 code to the commune that absorbed it, and to its EPCI', async () => {
  const [parsed] = linesOf(await one({ commune: '59070' }));
  assert.is(parsed.communeInput, '59070');
  assert.is(parsed.communeCode, '59006');
  assert.is(parsed.epciSiren, geo.communes.get('59006')!.epciSiren);
  assert.is(parsed.epciSiren, '200043321');
});

place('resolves the code of a commune merged before 2018 (Saint-Agnan 02669) to Vallées en Champagne and its EPCI', async () => {
  const [parsed] = linesOf(await one({ commune: '02669' }));
  assert.is(parsed.communeInput, '02669');
  assert.is(parsed.communeCode, '02053');
  assert.is(parsed.epciSiren, geo.communes.get('02053')!.epciSiren);
});

place('finds a commune from its postcode and name, whatever the spelling', async () => {
  const [parsed] = linesOf(await one({ commune: null, postcode: '02100', commune_name: 'ST QUENTIN' }));
  assert.is(parsed.communeCode, '02691');
  assert.is(parsed.communeInput, '02100 ST QUENTIN');
});

place('lists the candidates with their codes when a postcode and name are ambiguous', async () => {
  // No postcode of the real region carries two communes of the same name: add a twin to a copy of it.
  const twin: Commune = { ...geo.communes.get('02408')!, code: '02999' };
  const communes = new Map(geo.communes);
  communes.set(twin.code, twin);
  const aliases = new Map(geo.communeCodeAliases);
  aliases.set(twin.code, twin.code);
  const ambiguousGeo: Geography = { ...geo, communes, communeCodeAliases: aliases };
  const errors = errorsOf(
    ingestJson(
      { lines: [line({ commune: null, postcode: '02000', commune_name: 'Laon' })] },
      await contextFor('ACCESS', { geo: ambiguousGeo }),
    ),
  );
  assert.equal(
    errors.map((e) => [e.column, e.value]),
    [['commune_name', 'Laon']],
  );
  assert.match(errors[0].message, 'Laon (02408), Laon (02999)');
  assert.match(errors[0].message, 'code_commune');
});

place('suggests the postcode’s communes when the name is unknown', async () => {
  const errors = errorsOf(await one({ commune: null, postcode: '80000', commune_name: 'Amien' }));
  assert.equal(
    errors.map((e) => e.column),
    ['commune_name'],
  );
  assert.match(errors[0].message, 'Amiens (80021)');
});

place('says so when a postcode is given as the INSEE code', async () => {
  const errors = errorsOf(await one({ commune: '80000' }));
  assert.match(errors[0].message, 'code postal, pas un code INSEE');
  assert.match(errors[0].message, 'Amiens (80021)');
});

place(
  'rejects a postcode that is also another commune’s INSEE code when the name says which was meant',
  async () => {
    // 02100 is both Bony's INSEE code and Saint-Quentin's postcode.
    const errors = errorsOf(await one({ commune: '02100', commune_name: 'Saint-Quentin' }));
    assert.equal(
      errors.map((e) => [e.column, e.value]),
      [['commune', '02100']],
    );
    assert.match(errors[0].message, 'code postal de Saint-Quentin, pas son code INSEE : attendu 02691');
    const result = await one({ commune: '02100', commune_name: 'Bony' });
    assert.equal([linesOf(result)[0].communeCode, result.warnings.length], ['02100', 0]);
  },
);

place('warns when the commune name disagrees with the code, and keeps the code', async () => {
  const result = await one({ commune: '59350', commune_name: 'Roubaix' });
  assert.is(linesOf(result)[0].communeCode, '59350');
  assert.equal(
    result.warnings.map((w) => w.column),
    ['commune_name'],
  );
  assert.match(result.warnings[0].message, 'désigne Lille');
});

place.run();

const values = suite('Enumerations, dates, numbers and sites');

values('normalises types, stages and legal forms written in words', async () => {
  const lines = linesOf(
    ingestJson(
      {
        lines: [
          line({
            beneficiary_ref: 'a',
            beneficiary_type: 'Porteur de projet',
            stage: 'Émergence',
            legal_form: 'Coopérative',
          }),
          line({
            beneficiary_ref: 'b',
            beneficiary_type: 'ENTREPRISE',
            stage: 'creation',
            legal_form: "société commerciale de l'ESS",
          }),
          line({ beneficiary_ref: 'c', stage: 'création', legal_form: 'En création' }),
          line({ beneficiary_ref: 'd', stage: 'Creation', legal_form: 'SCIC' }),
        ],
      },
      await contextFor('ACCESS'),
    ),
  );
  assert.equal(
    lines.map((l) => [l.beneficiaryType, l.stage, l.legalForm]),
    [
      ['porteur_projet', 'emergence', 'cooperative'],
      ['entreprise', 'creation', 'societe_commerciale_ess'],
      ['porteur_projet', 'creation', 'en_creation'],
      ['porteur_projet', 'creation', 'cooperative'],
    ],
  );
  const errors = errorsOf(await one({ legal_form: 'SARL' }));
  assert.match(errors[0].message, 'association, coopérative, mutuelle, fondation');
});

values('reads both date formats and rejects dates that do not exist', async () => {
  const [parsed] = linesOf(
    await one({ start_date: '6/1/2025', end_date: '2025-03-31', creation_date: '29/02/2024' }),
  );
  assert.equal(
    [parsed.startDate, parsed.endDate, parsed.creationDate],
    ['2025-01-06', '2025-03-31', '2024-02-29'],
  );
  assert.match(errorsOf(await one({ start_date: '29/02/2025' }))[0].message, "n'existe pas");
  assert.match(errorsOf(await one({ start_date: 'janvier 2025' }))[0].message, '31/03/2025 ou 2025-03-31');
  assert.match(errorsOf(await one({ start_date: '' }))[0].message, 'obligatoire');
});

values('points at an Excel day number typed in a date column', async () => {
  assert.match(errorsOf(await one({ start_date: '45663' }))[0].message, 'numéro de jour Excel');
});

values(
  'warns about implausible figures without blocking: huge job counts, a project holder’s creation date after the quarter',
  async () => {
    const result = await one({
      beneficiary_type: 'porteur_projet',
      jobs_consolidated_fte: '25000',
      creation_date: '2025-06-01',
    });
    assert.is(linesOf(result).length, 1);
    assert.equal(
      result.warnings.map((w) => w.column),
      ['jobs_consolidated_fte', 'creation_date'],
    );
    assert.match(result.warnings[0].message, 'plus de 250 ETP');
  },
);

values('rejects an end date before the start date', async () => {
  const errors = errorsOf(await one({ start_date: '2025-02-01', end_date: '2025-01-15' }));
  assert.equal(
    errors.map((e) => [e.column, e.value]),
    [['end_date', '2025-01-15']],
  );
  assert.match(errors[0].message, 'antérieure à la date de début (01/02/2025)');
});

values('keeps lines that overlap the quarter and rejects the others, naming the quarter', async () => {
  assert.is(linesOf(await one({ start_date: '2023-05-01', end_date: '2025-01-01' })).length, 1);
  const late = errorsOf(await one({ start_date: '2025-04-01' }));
  assert.equal(
    late.map((e) => e.column),
    ['start_date'],
  );
  assert.match(late[0].message, 'T1 2025 (du 01/01/2025 au 31/03/2025)');
  const over = errorsOf(await one({ start_date: '2024-10-01', end_date: '2024-12-31' }));
  assert.equal(
    over.map((e) => e.column),
    ['end_date'],
  );
});

values('reads decimal commas and points, rejects negative jobs and amounts', async () => {
  const [parsed] = linesOf(
    await one({ jobs_consolidated_fte: '0,5', jobs_created_fte: '1.25', amount_eur: '1 234,50 €' }),
  );
  assert.equal([parsed.jobsConsolidatedFte, parsed.jobsCreatedFte, parsed.amountEur], [0.5, 1.25, 1234.5]);
  const errors = errorsOf(
    await one({ jobs_consolidated_fte: '-1', jobs_created_fte: 'deux', amount_eur: -5 }),
  );
  assert.equal(
    errors.map((e) => e.column),
    ['jobs_consolidated_fte', 'jobs_created_fte', 'amount_eur'],
  );
  assert.match(errors[0].message, 'positif ou nul');
});

values('accepts the operator’s site ids, visite and distance, and lists them otherwise', async () => {
  const lines = linesOf(
    ingestJson(
      {
        lines: [
          line({ beneficiary_ref: 'a', site: '7' }),
          line({ beneficiary_ref: 'b', site: 'Visite' }),
          line({ beneficiary_ref: 'c', site: 'à distance' }),
        ],
      },
      await contextFor('ACCESS'),
    ),
  );
  assert.equal(
    lines.map((l) => l.site),
    ['7', 'visite', 'distance'],
  );
  const errors = errorsOf(await one({ site: '99' }));
  assert.match(errors[0].message, '(12, 7)');
});

values.run();

const all = suite('All-or-nothing');

all(
  'lists every error of a file, with its line, column and value, and keeps the rows for editing',
  async () => {
    const result = await ingestFile(fixture('many-errors.csv'), 'csv', await contextFor('ACCESS'));
    const errors = errorsOf(result);
    assert.equal(
      errors.map((e) => [e.line, e.column, e.value]),
      [
        [3, 'ref_beneficiaire', 'jean.dupont@example.org'],
        [4, 'siret', '44306184100014'],
        [5, 'type_beneficiaire', 'quelqu’un'],
        [6, 'code_commune', '99999'],
        [7, 'stade', 'maturité'],
        [8, 'date_debut', '32/01/2025'],
        [9, 'emplois_consolides_etp', '-1'],
        [10, 'ref_beneficiaire', 'E-01'],
        [11, 'date_debut', '06/04/2025'],
        [12, 'date_fin', '31/12/2024'],
      ],
    );
    assert.ok(errors.every((e) => e.severity === 'error' && e.message.length > 10));
    assert.is(result.rows.length, 11);
    assert.equal(result.rows[1], {
      line: 3,
      values: {
        beneficiary_ref: 'jean.dupont@example.org',
        siret: '',
        beneficiary_type: 'porteur_projet',
        legal_form: '',
        commune: '59350',
        stage: 'émergence',
        start_date: '06/01/2025',
        end_date: '',
        jobs_consolidated_fte: '0',
        jobs_created_fte: '0',
        amount_eur: '',
        site: '',
        creation_date: '',
      },
    });
  },
);

all(`stops listing after ${MAX_ERRORS} errors with a note saying how many more`, async () => {
  const rows = Array.from(
    { length: MAX_ERRORS + 5 },
    (_, i) => `R${i};porteur_projet;59350;inconnu;06/01/2025`,
  );
  const text = `ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\n${rows.join('\n')}\n`;
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.is(errors.length, MAX_ERRORS + 1);
  assert.match(errors[MAX_ERRORS].message, '5 autres erreurs');
});

all.run();
