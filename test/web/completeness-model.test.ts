// The dashboard's completeness counts per operator and quarter (web/pages/completeness-model.ts).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type CompletenessRow, completenessByOperator } from '../../web/pages/completeness-model.ts';

const row = (quarter: number, status: Partial<CompletenessRow>): CompletenessRow => ({
  operatorId: 'gallee',
  operatorName: 'Gallée',
  scheme: 'ACCESS',
  quarter,
  due: '2026-10-30',
  expected: 1,
  isDue: 1,
  firstSubmittedOn: null,
  submitted: 0,
  validated: 0,
  late: 0,
  missing: 0,
  ...status,
});

const Completeness = suite('Dashboard completeness per operator and quarter');

Completeness('a validated report is received once (the API counts it in `submitted` already)', () => {
  const [gallee] = completenessByOperator([row(1, { submitted: 1, validated: 1, firstSubmittedOn: '2026-04-10' })]);
  assert.equal(gallee.quarters[0], { expected: 1, received: 1, onTime: 1, late: 0, missing: 0 });
});

Completeness('a report returned for correction is neither received nor « à l’heure »', () => {
  const [gallee] = completenessByOperator([row(3, { firstSubmittedOn: '2026-10-05' })]);
  assert.equal(gallee.quarters[2], { expected: 1, received: 0, onTime: 0, late: 0, missing: 0 });
});

Completeness('reports outside any agreement are left out', () => {
  assert.equal(completenessByOperator([row(2, { expected: 0, submitted: 1 })]), []);
});

Completeness.run();
