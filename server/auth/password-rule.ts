// The password rule (issue 8): long enough, not built on the user's e-mail, and not guessable according to
// zxcvbn-ts with its common and French dictionaries (score 3 of 4 at least: "safely unguessable", about 10^8
// guesses). Pure and CPU-bound: the server runs it in its worker pool (server/workers), never on the main thread.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
const MIN_SCORE = 3;
// zxcvbn's matching grows faster than linearly with length (1.3 s at 200 repeated characters): the first
// 64 characters are judged, which is more than any guessable password needs.
const JUDGED_LENGTH = 64;

export type PasswordVerdict = { ok: true } | { ok: false; message: string };

// The dictionaries (tens of MB once loaded) are imported on first use only: in the worker threads, and at
// the start of the server when it creates the first administrator, never in every process that imports this.
let estimator: Promise<ZxcvbnFactory> | null = null;
const zxcvbn = () => {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-fr')]).then(
    ([core, common, fr]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary, ...fr.dictionary }, graphs: common.adjacencyGraphs, translations: fr.translations }),
  );
  return estimator;
};

/** The parts of an e-mail a password must not be built on: the address, its local part and its words. */
function personalWords(email: string): string[] {
  const lower = email.trim().toLowerCase();
  const local = lower.split('@')[0] ?? '';
  return [lower, local, ...local.split(/[._+-]/)].filter((w) => w.length >= 3);
}

/** Judges a new password for the account `email`; the message says why in French. */
export async function judgePassword(password: string, email: string): Promise<PasswordVerdict> {
  const trimmed = password.trim();
  if (trimmed.length < MIN_PASSWORD_LENGTH) {
    return { ok: false, message: `Le mot de passe doit comporter au moins ${MIN_PASSWORD_LENGTH} caractères, sans compter les espaces au début et à la fin` };
  }
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, message: `Le mot de passe ne doit pas dépasser ${MAX_PASSWORD_LENGTH} caractères` };
  const lower = password.toLowerCase();
  const words = personalWords(email);
  if (words.some((w) => w.length >= 4 && lower.includes(w) && (w === words[0] || w === words[1]))) {
    return { ok: false, message: 'Le mot de passe ne doit pas contenir votre adresse e-mail ni son identifiant : choisissez-en un sans lien avec votre compte' };
  }
  const result = (await zxcvbn()).check(password.slice(0, JUDGED_LENGTH), words);
  if (result.score >= MIN_SCORE) return { ok: true };
  const why = result.feedback.warning ? ` ${result.feedback.warning}` : '';
  return {
    ok: false,
    message:
      `Mot de passe trop facile à deviner.${why} Choisissez par exemple trois ou quatre mots sans lien entre eux, ` +
      'séparés par des tirets ou des espaces (ex. « cartable-hérisson-nuage-7 »).',
  };
}
