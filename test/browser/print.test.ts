// Handouts that print (issue 10): the COTECH view, the dashboard and the COPRESS report printed to PDF by
// Chromium, then read page by page with pdftotext (poppler-utils): no navigation or controls, a header
// with the title, the basis and the data date, page numbers, no card cut from its caption, no chart cut
// from its title, and the legend on the page of its maps.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type Harness, loggedInPage, startHarness, stopHarness } from './harness.ts';

interface Context {
  harness: Harness;
  page: Page;
}

const Print = suite<Context>('Handouts print cleanly to PDF (browser, pdftotext)');

Print.before(async (ctx) => {
  ctx.harness = await startHarness();
  ctx.page = await loggedInPage(ctx.harness, 'region');
});

Print.after(async (ctx) => {
  await ctx.page.context().close();
  await stopHarness();
});

/** Prints the page as Chromium's « Imprimer » would (its own @page rules) and returns each page's text. */
async function printedPages(page: Page, name: string): Promise<string[]> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = join(mkdtempSync(join(tmpdir(), 'tess-print-')), `${name}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(count > 0, info);
  assert.match(info, /Page size:\s+841\.\d+ x 59[45]\.\d+ pts/, `A4 landscape: ${info}`);
  // Reading order, whitespace collapsed: a caption wrapped over two lines still reads as one.
  return Array.from({ length: count }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
  );
}

/** What no printed page may show: the menu, the account box, buttons and form controls. */
const SCREEN_ONLY = ['Revue des rapports', 'Administration', 'Se déconnecter', 'Mon compte', 'Imprimer', 'Aller au contenu', 'Rapports pris en compte', 'CSV pour les outils'];

function assertHandout(pages: string[], title: string) {
  const all = pages.join('\n');
  for (const text of SCREEN_ONLY) assert.not.ok(all.includes(text), `« ${text} » printed`);
  assert.ok(pages[0].includes(title), `title on page 1:\n${pages[0].slice(0, 400)}`);
  assert.match(pages[0], /Base : /);
  assert.match(pages[0], /extraits le \d/);
  for (const [i, text] of pages.entries()) assert.ok(text.includes(`Page ${i + 1} sur ${pages.length}`), `page number on page ${i + 1}:\n${text.slice(-300)}`);
}

Print('the COTECH view: header, page numbers, key figures whole, the legend on the page of its maps', async ({ page }) => {
  await page.goto('/cotech');
  await page.locator('[data-map-ready="true"]').nth(1).waitFor();
  await page.locator('table tbody tr').first().waitFor();
  const pages = await printedPages(page, 'cotech');
  assertHandout(pages, 'Vue COTECH : comparaison de cohortes');
  // Each key-figure card: its value and its caption on the same page (pdftotext puts one under the other).
  // Each key-figure card whole: both cohorts' five cards, values and captions, on the first page.
  for (const caption of ['EPCI couverts', 'de la population dans un EPCI couvert', 'bénéficiaires distincts localisés', 'EPCI sous-desservis']) {
    assert.is(pages[0].split(caption).length - 1, 2, `${caption} ×2 on page 1:\n${pages[0]}`);
  }
  assert.is(pages[0].match(/\d+ \/ 92/g)?.length, 2, 'both « n / 92 » values on page 1');
  const legend = pages.findIndex((p) => p.includes('Légende'));
  assert.ok(legend >= 0, 'legend printed');
  assert.ok(pages[legend].includes('Cohorte 2024') && pages[legend].includes('Cohorte 2024–'), `legend beside the maps:\n${pages[legend].slice(0, 600)}`);
  // Printed once: the print header stands for the page title.
  assert.is(pages[0].split('Vue COTECH : comparaison de cohortes').length - 1, 1, pages[0].slice(0, 300));
  assert.ok(pages.some((p) => p.includes('Tableau des EPCI')), 'table printed');
});

Print('the dashboard: no menu, no controls, every chart with its title and its target line on one page', async ({ page }) => {
  await page.goto('/tableau-de-bord');
  await page.locator('svg[role="img"]').first().waitFor();
  await page.getByText('rapports attendus').first().waitFor();
  const pages = await printedPages(page, 'dashboard');
  assertHandout(pages, 'Tableau de bord : feuille de route ESS 2024–2028');
  for (const [title, inside] of [
    ['Bénéficiaires distincts par an', 'Objectif 700'],
    ['Emplois consolidés (ETP) par an', 'Minimum attendu 4'],
  ]) {
    const at = pages.findIndex((p) => p.includes(title));
    assert.ok(at >= 0, title);
    assert.ok(pages[at].includes(inside), `« ${title} » and its chart on page ${at + 1}:\n${pages[at].slice(0, 800)}`);
  }
  // Column headers print (they are sort buttons on screen).
  assert.ok(pages.some((p) => p.includes('Bénéficiaires distincts Objectif Atteint')), 'the yearly table keeps its header row');
});

Print('the COPRESS report: header, sections, the map legend with the coverage section, page numbers', async ({ page }) => {
  await page.goto('/rapport-annuel');
  await page.locator('[data-map-ready="true"]').first().waitFor();
  const year = new Date().getFullYear();
  const pages = await printedPages(page, 'copress');
  assertHandout(pages, `Rapport annuel ${year} pour le COPRESS`);
  const all = pages.join('\n');
  for (const section of [`Objectifs ${year}`, 'par dispositif et aide directe', 'par stade', 'Couverture par type d’EPCI', 'Couverture par zone de vigilance', 'Couverture par département', 'Complétude et ponctualité', `Cohorte 2024–${year}`]) {
    assert.ok(all.includes(section), section);
  }
  const coverage = pages.findIndex((p) => p.includes(`Couverture territoriale ${year}`));
  assert.ok(pages[coverage].includes('Légende'), `legend with the map:\n${pages[coverage].slice(0, 600)}`);
  // December: the year is not over, and the report says so before any figure.
  assert.match(pages[0], /année en cours : T1–T\d reçus|Année \d{4} non close/);
});

Print.run();
