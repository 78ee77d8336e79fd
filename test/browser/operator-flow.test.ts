// Browser scenarios (a) and (b) of issue 5, in real Chromium against the real server and demo data:
// (a) an operator downloads the template, uploads a faulty file, reads the line errors, fixes the line
//     in the browser table, re-checks, saves and submits;
// (b) the Region returns it with a comment, the operator reads it and resubmits, the Region validates,
//     and on the Carte the EPCI of the beneficiary's commune turns covered.
// Along the way, focus never falls to <body>: each action moves it to what announces its result.
// The steps share one report, so they run in order in one suite.
import type { Locator, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogin, describeViolations, type Harness, login, runAxe, screenshot, startHarness, stopHarness } from './harness.ts';

const OPERATOR = 'dla-02';
const SCHEME = 'DLA';

interface Context {
  harness: Harness;
  operator: Page;
  region: Page;
  /** The report the scenario files: an expected (not yet filed) DLA quarter of the operator */
  period: string;
  year: number;
  /** An EPCI no validated DLA report covers over 2024–year, and a commune in it */
  epci: { siren: string; name: string };
  commune: string;
  otherCommune: string;
}

const flow = suite<Context>('An operator files a report that the Region reviews (browser)');

flow.before(async (ctx) => {
  ctx.harness = await startHarness();
  const operatorLogin = demoLogin(ctx.harness, 'operator', OPERATOR);
  ctx.operator = await ctx.harness.newPage();
  ctx.operator.setDefaultTimeout(15_000);
  await login(ctx.operator, operatorLogin.email, operatorLogin.password);

  // The report to file: the operator's latest DLA quarter that nothing was uploaded for.
  const reports = (await (await ctx.operator.request.get(`/api/v1/reports?scheme=${SCHEME}&status=expected`)).json()) as Array<{ period: string }>;
  const period = reports.map((r) => r.period).sort().pop();
  if (!period) throw new Error(`no expected ${SCHEME} report for ${OPERATOR} in the demo data`);
  ctx.period = period;
  ctx.year = Number(period.slice(0, 4));

  // An EPCI the cohort 2024–year leaves uncovered for DLA (validated reports), and two of its communes.
  const regionLogin = demoLogin(ctx.harness, 'region');
  ctx.region = await ctx.harness.newPage();
  ctx.region.setDefaultTimeout(15_000);
  await login(ctx.region, regionLogin.email, regionLogin.password);
  const coverage = (await (await ctx.region.request.get(`/api/v1/figures/coverage?from=2024&to=${ctx.year}&schemes=${SCHEME}&basis=validated`)).json()) as {
    epcis: Array<{ siren: string; name: string; covered: boolean }>;
  };
  const geo = ctx.harness.deps.geo;
  const communesOf = (siren: string) => [...geo.communes.values()].filter((c) => c.epciSiren === siren).map((c) => c.code);
  const uncovered = coverage.epcis.find((e) => !e.covered && communesOf(e.siren).length >= 2);
  if (!uncovered) throw new Error(`every EPCI is covered by ${SCHEME} over 2024–${ctx.year} in the demo data`);
  ctx.epci = { siren: uncovered.siren, name: uncovered.name };
  [ctx.commune, ctx.otherCommune] = communesOf(uncovered.siren).sort();
});

flow.after(async (ctx) => {
  await ctx.operator?.context().close();
  await ctx.region?.context().close();
  await stopHarness();
});

/** What a locator's element says (its text content; '' when it has none). */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/** Waits until the element has keyboard focus; fails saying where focus is instead. */
async function expectFocus(locator: Locator, what: string): Promise<void> {
  const page = locator.page();
  const handle = await locator.elementHandle();
  try {
    await page.waitForFunction((el) => el === document.activeElement, handle, { timeout: 5_000 });
  } catch {
    const active = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> ${(el.textContent ?? '').slice(0, 60)}` : 'nothing';
    });
    assert.unreachable(`${what}: focus is on ${active}`);
  }
}

const reportUrl = (ctx: Context) => `/rapports/${OPERATOR}/${SCHEME}/${ctx.period}`;
const quarterDay = (ctx: Context) => {
  const month = (Number(ctx.period.slice(-1)) - 1) * 3 + 1;
  return `${ctx.year}-${String(month).padStart(2, '0')}-15`;
};

flow('shows the operator its calendar with the report expected, and opens it', async (ctx) => {
  const page = ctx.operator;
  await page.goto('/rapports');
  await page.getByRole('heading', { level: 1, name: 'Mes rapports' }).waitFor();
  const link = page.locator(`a[href="${reportUrl(ctx)}"]`);
  await link.waitFor();
  const cell = await textOf(link.locator('xpath=..'));
  assert.match(cell, /attendu|en retard/);
  await screenshot(page, 'operator-calendar');
  // with the keyboard: the page loads its report before drawing its heading, which then takes focus
  await link.focus();
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1 }).filter({ hasText: 'Rapport' });
  await heading.waitFor();
  await expectFocus(heading, 'after opening the report from the calendar');
  assert.match(await textOf(page.locator('.report-facts')), /attendu/);
});

flow('downloads the CSV template of the scheme', async (ctx) => {
  const page = ctx.operator;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'télécharger le modèle CSV' }).click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path, 'utf8');
  assert.match(text, /ref_beneficiaire/);
  assert.match(text, /code_commune/);
});

flow('says once, in the words of the page, why a file that is not the template or is empty is refused', async (ctx) => {
  const page = ctx.operator;
  const input = page.getByLabel('Fichier des bénéficiaires du trimestre (CSV ou XLSX)');
  const deposit = page.getByRole('button', { name: 'Déposer le fichier' });
  const notice = page.locator('.result-error').first();

  await input.setInputFiles({ name: 'compte-rendu.txt', mimeType: 'text/plain', buffer: Buffer.from('Compte rendu du comité\r\nPrésents : Mme A; M. B\r\n', 'utf8') });
  await deposit.click();
  await page.getByText(/aucun des en-têtes attendus/).waitFor();
  const notTemplate = await textOf(notice);
  assert.match(notTemplate, /La première ligne ne contient aucun des en-têtes attendus \(ref_beneficiaire, type_beneficiaire, code_commune, stade, date_debut…\) : est-ce bien le modèle du dispositif/);
  assert.not.match(notTemplate, /colonne obligatoire manquante/);
  assert.is(await notice.locator('.issue-list').count(), 0, 'the message is not repeated as a list');
  await expectFocus(notice, 'after a refused file');

  await input.setInputFiles({ name: 'vide.csv', mimeType: 'text/csv', buffer: Buffer.from('ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\r\n', 'utf8') });
  await deposit.click();
  await page.getByText(/Aucune ligne de bénéficiaire après l’en-tête/).waitFor();
  const empty = await textOf(page.locator('main'));
  assert.is(empty.split('Aucune ligne de bénéficiaire').length - 1, 1, 'said once');
  assert.match(empty, /bouton « Aucun bénéficiaire ce trimestre »/);
  assert.not.match(empty, /declareEmpty|par l’API/);
  assert.not.match(empty, /colonne « — »/);

  await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4', 'utf8') });
  await deposit.click();
  assert.match(await textOf(page.locator('#report-file-error')), /n’est ni un CSV ni un classeur Excel \.xlsx/);
  await expectFocus(input, 'after choosing a PDF');
});

flow('rejects a faulty file and lists its errors with line, column and value', async (ctx) => {
  const page = ctx.operator;
  const day = quarterDay(ctx);
  const csv = [
    'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut;emplois_consolides_etp',
    `DLA-T-001;entreprise;${ctx.otherCommune};développement;${day};3`,
    `DLA-T-002;entreprise;99999;consolidation;${day};2,5`,
  ].join('\r\n');
  await page.getByLabel('Fichier des bénéficiaires du trimestre (CSV ou XLSX)').setInputFiles({
    name: 'rapport-faux.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: 'Déposer le fichier' }).click();
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  assert.is(await textOf(summary), '1 erreur sur 1 ligne');
  const error = page.locator('.issue-list li').first();
  const text = await textOf(error);
  assert.match(text, /Ligne 3, colonne « code_commune », valeur « 99999 »/);
  assert.match(await textOf(page.getByRole('status').first()), /Fichier refusé/);
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'focus moves to the error summary');
  await screenshot(page, 'operator-upload-errors');
  const violations = await runAxe(page);
  assert.equal(violations, [], `the error list and the editable table pass axe:\n${describeViolations(violations)}`);
});

flow('fixes the line in the browser table, re-checks it and saves a new revision', async (ctx) => {
  const page = ctx.operator;
  await page.locator('.issue-list li a').first().click();
  const cell = page.locator('#cellule-3-commune');
  assert.ok(await cell.evaluate((el) => el === document.activeElement), 'the error link moves focus to its cell');
  assert.is(await cell.getAttribute('aria-invalid'), 'true');
  // From the error's cell to « Vérifier »: one key press (Ctrl+Entrée), not a Tab through every cell.
  await page.keyboard.press('Control+Enter');
  await expectFocus(page.getByRole('button', { name: 'Vérifier', exact: true }), 'after Ctrl+Entrée in a cell');
  // The page never scrolls sideways as a whole: the table scrolls in its own box, the line number stays in view.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const culprits = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((el) => !el.parentElement?.closest('.table-scroll'))
        .slice(0, 6)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().width)}px`),
    );
    assert.ok(overflow <= 0, `page ${overflow} px wider than the window at ${width} px: ${culprits.join(' | ')}`);
  }
  await page.setViewportSize({ width: 1360, height: 900 });
  const lineHeader = page.locator('.line-editor tbody th[scope="row"]').first();
  assert.is(await lineHeader.evaluate((el) => getComputedStyle(el).position), 'sticky');
  await cell.fill(ctx.commune);

  // An empty row added and checked: the errors speak of the table and of its French headers.
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await expectFocus(page.locator('#cellule-4-beneficiary_ref'), 'after adding a row');
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await page.locator('#error-summary', { hasText: 'sur 1 ligne' }).waitFor();
  await expectFocus(page.locator('#error-summary'), 'after a check that finds errors');
  const editor = await textOf(page.locator('.line-editor'));
  assert.match(editor, /Vérification : \d+ erreurs \(ligne 4\) à corriger/);
  assert.not.match(editor, /Fichier refusé|déposez à nouveau/);
  for (const header of ['ref_beneficiaire', 'stade', 'date_debut', 'code_commune']) assert.match(editor, `colonne « ${header} »`);
  for (const alias of ['beneficiary_ref', 'stage', 'start_date', 'commune']) assert.not.match(editor, `« ${alias} »`);

  await page.getByRole('button', { name: 'Supprimer la ligne 4' }).click();
  await expectFocus(page.getByRole('button', { name: 'Supprimer la ligne 3' }), 'after deleting the last row');
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  const checked = page.getByText(/Aucune erreur : 2 lignes prêtes à enregistrer/);
  await checked.waitFor();
  await expectFocus(checked, 'after a check without errors');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const saved = page.locator('.result-ok', { hasText: /Lignes enregistrées : révision n° 1 enregistrée avec 2 lignes/ });
  await saved.waitFor();
  await expectFocus(saved, 'after saving');
  await page.locator('.report-facts .status-draft').waitFor();
  assert.match(await textOf(page.locator('.report-facts')), /2 \(révision n° 1\)/);
  const lines = page.locator('section[aria-labelledby="lines-title"] table');
  await lines.waitFor();
  const stored = await textOf(lines);
  assert.match(stored, new RegExp(ctx.commune));
  assert.match(stored, /développement/, 'stages read as in the editor and the export');
  assert.match(stored, /2,5/, 'a French decimal comma');
  assert.not.match(stored, /developpement|2\.5/);
  assert.match(await textOf(page.locator('table', { hasText: 'Révisions déposées' })), /saisie dans le navigateur/);
});

flow('submits the report after a confirmation', async (ctx) => {
  const page = ctx.operator;
  await page.getByRole('button', { name: 'Soumettre à la Région' }).click();
  await page.getByRole('button', { name: 'Confirmer la soumission' }).click();
  const submitted = page.locator('.result-ok', { hasText: 'Rapport soumis à la Région.' });
  await submitted.waitFor();
  await expectFocus(submitted, 'after « Confirmer la soumission »');
  await page.locator('.report-facts .status-submitted').waitFor();
  assert.is(await page.getByRole('button', { name: 'Déposer le fichier' }).count(), 0, 'a submitted report takes no upload');
  await screenshot(page, 'operator-submitted');
});

flow('lets the Region find the report in its queue and return it with a required comment', async (ctx) => {
  const page = ctx.region;
  await page.goto('/region/revue');
  const link = page.locator(`a[href="${reportUrl(ctx)}"]`).first();
  await link.waitFor();
  await screenshot(page, 'region-review-queue');
  await link.click();
  await page.getByRole('button', { name: 'Valider le rapport' }).waitFor();
  await page.getByRole('button', { name: 'Renvoyer avec un commentaire' }).click();
  await page.getByRole('button', { name: 'Renvoyer avec ce commentaire' }).click();
  const textarea = page.getByLabel('Commentaire pour l’opérateur (obligatoire)');
  assert.is(await textarea.getAttribute('aria-invalid'), 'true', 'an empty comment is refused in place');
  assert.match(await textOf(page.locator('#return-text-error')), /Écrivez un commentaire/);
  const violations = await runAxe(page);
  assert.equal(violations, [], `the return form with its error passes axe:\n${describeViolations(violations)}`);
  await textarea.fill('Ligne 2 : merci de préciser les emplois consolidés (4 ETP selon notre suivi).');
  await page.getByRole('button', { name: 'Renvoyer avec ce commentaire' }).click();
  const returned = page.locator('.result-ok', { hasText: 'Rapport renvoyé à l’opérateur avec votre commentaire.' });
  await returned.waitFor();
  await expectFocus(returned, 'after « Renvoyer avec ce commentaire »');
  await page.locator('.report-facts .status-returned').waitFor();
  // The Region may upload on the operator's behalf (the API lets it): the page words it so.
  const declare = await textOf(page.locator('.declare-empty'));
  assert.match(declare, /Si .+ n’a accompagné aucun bénéficiaire/);
  assert.not.match(declare, /Si vous n’avez accompagné/);
  assert.match(await textOf(page.locator('section[aria-labelledby="upload-title"]')), /au nom de/);
});

flow('shows the operator the Region’s comment; the corrected lines are resubmitted', async (ctx) => {
  const page = ctx.operator;
  await page.goto(reportUrl(ctx));
  const comment = page.locator('.region-comment');
  await comment.waitFor();
  assert.match(await textOf(comment), /merci de préciser les emplois consolidés/);
  await screenshot(page, 'operator-returned-comment');
  const correct = page.getByRole('button', { name: 'Corriger ces lignes dans le navigateur' });
  await correct.click();
  await expectFocus(page.locator('#editor-title'), 'after opening the editor');
  await page.getByRole('button', { name: 'Fermer sans enregistrer' }).click();
  await expectFocus(correct, 'after « Fermer sans enregistrer »');
  await correct.click();
  assert.is(await page.getByLabel('emplois_consolides_etp, ligne 3').inputValue(), '2,5', 'the editor shows stored decimals as the table does');
  const jobs = page.getByLabel('emplois_consolides_etp, ligne 2');
  await jobs.fill('4');
  assert.is(await jobs.inputValue(), '4', 'the edited cell holds the new value before saving');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText(/Lignes enregistrées : révision n° 2/).waitFor();
  // What the new revision changed, counts first, then the field before and after.
  const diff = page.locator('section[aria-labelledby="diff-title"]');
  await diff.getByRole('heading', { name: 'Ce qui a changé depuis la révision n° 1' }).waitFor();
  // On a timeout, say what the section shows instead (still loading, an error, or no changed line).
  await diff.locator('table').waitFor().catch(async (error: Error) => {
    throw new Error(`${error.message}\nthe diff section shows: ${await textOf(diff)}`);
  });
  const diffText = await textOf(diff);
  assert.match(diffText, /0 ligne ajoutée, 0 ligne retirée, 1 ligne modifiée/);
  assert.match(diffText, /emplois_consolides_etp/);
  await page.getByRole('button', { name: 'Soumettre à la Région' }).click();
  await page.getByRole('button', { name: 'Confirmer la soumission' }).click();
  await page.locator('.report-facts .status-submitted').waitFor();
  await page.getByRole('button', { name: 'Voir les lignes de la révision 1' }).click();
  const oldLines = page.getByRole('heading', { name: 'Lignes de la révision n° 1 (ancienne révision)' });
  await oldLines.waitFor();
  await expectFocus(oldLines, 'after « Voir les lignes de la révision 1 »');
  assert.match((await page.getByRole('link', { name: 'Télécharger ces lignes (Excel, .xlsx)' }).getAttribute('href')) ?? '', /lines\.xlsx\?revision=1$/);
  assert.match((await page.getByRole('link', { name: 'CSV pour les outils (séparateur ;)' }).getAttribute('href')) ?? '', /lines\.csv\?revision=1$/);
  const history = await textOf(page.locator('.event-list'));
  assert.match(history, /Renvoyé à l’opérateur/);
  assert.match(history, /Soumis/);
});

flow('lets the Region validate it, and the EPCI of the beneficiary turns covered on the Carte', async (ctx) => {
  const page = ctx.region;
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Carte de la couverture territoriale' }).waitFor();
  const row = page.locator(`tr[data-key="${ctx.epci.siren}"]`);

  const coveredCell = async () => {
    await page.getByLabel('De', { exact: true }).selectOption(String(2024));
    await page.getByLabel('À', { exact: true }).selectOption(String(ctx.year));
    const dlaOnly = page.waitForResponse((r) => r.url().includes('/figures/coverage?') && r.url().includes(`schemes=${SCHEME}&`));
    for (const other of ['ACC’ESS', 'FIDESS', 'DASESS']) await page.getByRole('checkbox', { name: other, exact: true }).uncheck();
    await dlaOnly;
    await page.waitForFunction(() => !document.querySelector('.loading'));
    await row.waitFor();
    return textOf(row.locator('td').filter({ hasText: /^(Oui|Non)$/ }).first());
  };
  assert.is(await coveredCell(), 'Non', `${ctx.epci.name} starts uncovered for DLA`);

  await page.goto(reportUrl(ctx));
  await page.getByRole('button', { name: 'Valider le rapport' }).click();
  // A revision with warnings asks the reviewer to say they read them before it counts.
  const confirm = page.getByRole('button', { name: 'Confirmer la validation' });
  if (await confirm.isVisible()) {
    await confirm.click();
    assert.match(await textOf(page.locator('#warnings-read-error')), /Cochez la case/);
    await page.getByLabel(/J’ai lu (les \d+ avertissements|l’avertissement)/).check();
    await confirm.click();
  }
  const validated = page.locator('.result-ok', { hasText: 'Rapport validé : il compte désormais dans les chiffres officiels.' });
  await validated.waitFor();
  await expectFocus(validated, 'after « Valider le rapport »');
  await page.locator('.report-facts .status-validated').waitFor();
  await page.getByRole('button', { name: 'Rouvrir' }).waitFor();

  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Carte de la couverture territoriale' }).waitFor();
  assert.is(await coveredCell(), 'Oui', `${ctx.epci.name} is covered once the report is validated`);
  await screenshot(page, 'region-map-covered');
});

flow('lets the Region reopen the validated report with a required reason, which the operator reads', async (ctx) => {
  const region = ctx.region;
  await region.goto(reportUrl(ctx));
  await region.getByRole('button', { name: 'Rouvrir' }).click();
  await region.getByRole('button', { name: 'Rouvrir le rapport' }).click();
  assert.match(await textOf(region.locator('#reopen-text-error')), /motif/);
  await region.getByLabel('Motif de la réouverture (obligatoire)').fill('Doublon signalé avec le rapport du trimestre précédent.');
  await region.getByRole('button', { name: 'Rouvrir le rapport' }).click();
  await region.getByText('Rapport rouvert : il est de nouveau en brouillon.').waitFor();

  const operator = ctx.operator;
  await operator.goto(reportUrl(ctx));
  const reason = operator.locator('.region-comment');
  await reason.waitFor();
  assert.match(await textOf(reason), /Motif de réouverture[\s\S]*Doublon signalé/);
  assert.match(await textOf(operator.locator('.report-facts')), /brouillon/);
});

flow('tells an operator that another operator’s report cannot be found', async (ctx) => {
  const page = ctx.operator;
  await page.goto('/rapports/gallee/ACCESS/2025-Q2');
  await page.getByRole('heading', { level: 1, name: 'Rapport introuvable' }).waitFor();
  assert.match(await textOf(page.getByRole('alert')), /introuvable/i);
  assert.is(await page.getByText('ACC-GAL-').count(), 0, 'no line of the other operator shows');
});

flow('explains an address whose quarter cannot exist, and offers no retry for a refused address', async (ctx) => {
  const page = ctx.operator;
  await page.goto(`/rapports/${OPERATOR}/${SCHEME}/2031-Q9`);
  await page.getByRole('heading', { level: 1, name: 'Adresse de rapport invalide' }).waitFor();
  const alert = await textOf(page.getByRole('alert'));
  assert.match(alert, /format AAAA-Qn, par exemple 2025-Q1/);
  assert.not.match(alert, /AAAA-Tn/);
  assert.is(await page.getByRole('button', { name: 'Réessayer' }).count(), 0);

  await page.goto(`/rapports/${OPERATOR}/DL-A/${ctx.period}`);
  await page.getByRole('alert').waitFor();
  assert.is(await page.getByRole('button', { name: 'Réessayer' }).count(), 0, 'a refused request would be refused again');
});

flow.run();
