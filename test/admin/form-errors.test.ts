import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../web/api.ts';
import { errorSummary, fieldErrors, numberOrNull } from '../../web/components/forms/fields.tsx';

const refusal = (details: unknown, message = 'Requête invalide (corps) : id — … ; name — Nom requis') => new ApiError(400, 'invalid_request', message, details);

const FormErrors = suite('an admin form places the API’s errors under its fields and sums them up in French');

FormErrors('puts each detail under the field its path starts with, the longest first', () => {
  const error = refusal([
    { field: 'territory.epcis', message: 'Choisissez au moins un EPCI' },
    { field: 'params.max', message: 'min doit être inférieur ou égal à max' },
    { field: 'name', message: 'Nom requis' },
  ]);
  assert.equal(fieldErrors(error, ['territory', 'params', 'params.max', 'name']), {
    territory: 'Choisissez au moins un EPCI',
    'params.max': 'min doit être inférieur ou égal à max',
    name: 'Nom requis',
  });
});

FormErrors('counts the fields to fix instead of repeating their messages with the API’s keys', () => {
  const error = refusal([
    { field: 'id', message: 'Identifiant obligatoire' },
    { field: 'name', message: 'Nom requis' },
  ]);
  const fields = ['id', 'name', 'siren'];
  assert.is(errorSummary(error, fieldErrors(error, fields)), '2 champs à corriger : voir les messages sous les champs.');
  const one = refusal([{ field: 'name', message: 'Nom requis' }]);
  assert.is(errorSummary(one, fieldErrors(one, fields)), '1 champ à corriger : voir le message sous le champ.');
});

FormErrors('spells out the errors no field of the form shows', () => {
  const error = refusal([
    { field: 'name', message: 'Nom requis' },
    { field: 'operator', message: 'Opérateur requis' },
    { field: '', message: 'Aucun champ à modifier' },
  ]);
  const errors = fieldErrors(error, ['name']);
  assert.equal(errors, { name: 'Nom requis', '': 'Opérateur requis ; Aucun champ à modifier' });
  assert.is(errorSummary(error, errors), '1 champ à corriger : voir le message sous le champ. Opérateur requis ; Aucun champ à modifier');
});

FormErrors('keeps the API’s message when the answer has no field details (conflict, network)', () => {
  const conflict = new ApiError(409, 'conflict', 'Cette convention a déjà des rapports (2025-Q1)', { periods: ['2025-Q1'] });
  assert.is(errorSummary(conflict, fieldErrors(conflict, ['start'])), 'Cette convention a déjà des rapports (2025-Q1)');
  assert.is(errorSummary(null, {}), null);
});

FormErrors('an empty number field is sent as null, not 0', () => {
  assert.is(numberOrNull(''), null);
  assert.is(numberOrNull('  '), null);
  assert.is(numberOrNull('0'), 0);
  assert.is(numberOrNull('0,5'), 0.5);
});

FormErrors.run();
