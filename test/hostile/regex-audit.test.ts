// Every regular expression written in the product's code is checked for catastrophic backtracking by
// recheck (ReDoS analysis): a pattern applied to client input must run in linear time (issue 8).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = join(import.meta.dirname, '..', '..');
const AUDITED = ['server', 'web', 'geo', 'db'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'data' || name === 'vendor') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

interface Found {
  where: string;
  source: string;
  flags: string;
}

/** Regex literals, and `new RegExp('…')` / `RegExp('…')` with a literal pattern. */
function regexesOf(file: string): Found[] {
  const text = readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Found[] = [];
  const where = (node: ts.Node) => `${relative(ROOT, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      const end = literal.lastIndexOf('/');
      found.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteralLike(pattern)) {
        found.push({ where: where(node), source: pattern.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const Audit = suite('regular expressions');

Audit('the audit finds the patterns of the code (more than fifty)', () => {
  const all = AUDITED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(regexesOf);
  assert.ok(all.length > 50, `${all.length} found`);
  assert.ok(all.some((r) => r.where.startsWith('server/ingest/fields.ts')));
});

Audit('recheck finds the quadratic e-mail pattern this audit was written for', () => {
  assert.is(checkSync('[^\\s@]+@[^\\s@]+\\.[^\\s@]+', '').status, 'vulnerable');
});

Audit('no pattern in server/, web/, geo/ or db/ can backtrack catastrophically', () => {
  const vulnerable: string[] = [];
  for (const dir of AUDITED) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      for (const regex of regexesOf(file)) {
        const result = checkSync(regex.source, regex.flags, { timeout: 10_000 });
        if (result.status === 'vulnerable') vulnerable.push(`${regex.where} /${regex.source}/${regex.flags} (${result.complexity.type})`);
      }
    }
  }
  assert.equal(vulnerable, []);
});

Audit.run();
