// Every mail the application sends, in French, as plain text and simple HTML, each naming the application
// and giving one link. No beneficiary reference ever goes into a mail (the Region's comments are cleaned of
// the report's references before they are quoted, see notify.ts).
import { regionProfile } from '../../geo/region-profiles.ts';
import type { Config } from '../config.ts';

export const APP_NAME = 'Territoires ESS';

export interface Message {
  subject: string;
  text: string;
  html: string;
}

/** How mails name the Region that sends them (geo/region-profiles.ts): « Région Hauts-de-France ». */
export const senderRegion = (config: Pick<Config, 'regionCode'>) => regionProfile(config.regionCode).authority;

/** The address users reach the application at (TERRITOIRES_PUBLIC_URL), else this machine's. */
export function appUrl(config: Pick<Config, 'publicUrl' | 'port'>, path: string): string {
  return `${config.publicUrl ?? `http://localhost:${config.port}`}${path}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs, one link with its label, and the signature: the shape of every mail. */
function compose(region: string, subject: string, paragraphs: string[], link: { label: string; url: string }, footer?: string): Message {
  const signature = `${APP_NAME} · ${region}`;
  const text = [...paragraphs, `${link.label} : ${link.url}`, ...(footer ? [footer] : []), `—\n${signature}`].join('\n\n');
  const html = [
    '<!doctype html><html lang="fr"><body style="font-family:sans-serif;line-height:1.5;color:#1b1b1f">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
    ...(footer ? [`<p style="color:#555;font-size:0.9em">${escapeHtml(footer)}</p>`] : []),
    `<p style="color:#555">— ${escapeHtml(signature)}</p></body></html>`,
  ].join('\n');
  return { subject: `[${APP_NAME}] ${subject}`, text, html };
}

const PREFERENCES = 'Vous pouvez choisir les messages que vous recevez dans « Mon compte ».';

export function invitationMessage(region: string, link: string, hours: number): Message {
  return compose(
    region,
    'Votre compte',
    [
      'Bonjour,',
      `La ${region} vous a ouvert un compte sur ${APP_NAME}, l’outil de suivi des dispositifs de l’économie sociale et solidaire.`,
      `Choisissez votre mot de passe avec le lien ci-dessous. Il sert une seule fois et reste valable ${hours} heures.`,
    ],
    { label: 'Choisir mon mot de passe', url: link },
    'Si vous n’attendiez pas ce message, ignorez-le : aucun compte ne sera utilisable sans ce lien.',
  );
}

export function passwordResetMessage(region: string, link: string, minutes: number): Message {
  return compose(
    region,
    'Réinitialiser votre mot de passe',
    [
      'Bonjour,',
      `Une réinitialisation de votre mot de passe ${APP_NAME} a été demandée. Le lien ci-dessous sert une seule fois et reste valable ${minutes} minutes ; vos sessions ouvertes seront fermées.`,
    ],
    { label: 'Choisir un nouveau mot de passe', url: link },
    'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.',
  );
}

export interface ReportRef {
  schemeName: string;
  /** « T1 2026 » */
  label: string;
  /** Due date, dd/mm/yyyy */
  due: string;
  link: string;
}

export type ReminderStage = 'before' | 'due' | 'late';

export function reminderMessage(region: string, report: ReportRef, stage: ReminderStage, weeksLate = 0): Message {
  const what = `le rapport ${report.schemeName} du ${report.label}`;
  const subject =
    stage === 'before' ? `Rapport ${report.schemeName} ${report.label} attendu le ${report.due}` : stage === 'due' ? `Rapport ${report.schemeName} ${report.label} attendu aujourd’hui` : `Rapport ${report.schemeName} ${report.label} en retard`;
  const body =
    stage === 'before'
      ? `Nous vous rappelons que ${what} est attendu le ${report.due}, dans sept jours.`
      : stage === 'due'
        ? `${what[0].toUpperCase()}${what.slice(1)} est attendu aujourd’hui, ${report.due}.`
        : `${what[0].toUpperCase()}${what.slice(1)} était attendu le ${report.due} (${weeksLate === 1 ? 'il y a une semaine' : `il y a ${weeksLate} semaines`}) et n’a pas encore été soumis.`;
  return compose(region, subject, ['Bonjour,', body, 'Déposez le fichier du trimestre, ou déclarez un trimestre sans bénéficiaire, puis soumettez-le à la Région.'], { label: 'Ouvrir le rapport', url: report.link }, PREFERENCES);
}

export function reviewDigestMessage(region: string, reports: Array<{ operatorName: string; schemeName: string; label: string; submittedOn: string }>, link: string): Message {
  const lines = reports.map((r) => `• ${r.operatorName} — ${r.schemeName} ${r.label}, soumis le ${r.submittedOn}`);
  return compose(
    region,
    `${reports.length} rapport${reports.length > 1 ? 's' : ''} à examiner`,
    ['Bonjour,', `${reports.length === 1 ? 'Un rapport attend' : `${reports.length} rapports attendent`} votre examen :`, lines.join('\n')],
    { label: 'Ouvrir la revue des rapports', url: link },
    PREFERENCES,
  );
}

export type Notice = 'returned' | 'validated' | 'reopened' | 'submitted';

export function workflowMessage(region: string, notice: Notice, report: Omit<ReportRef, 'due'> & { operatorName: string }, comment: string | null): Message {
  const what = `Le rapport ${report.schemeName} du ${report.label}`;
  const quoted = comment ? [`Commentaire de la Région :\n« ${comment} »`] : [];
  switch (notice) {
    case 'returned':
      return compose(region, `${what} vous est renvoyé`, ['Bonjour,', `${what} vous a été renvoyé par la Région pour correction.`, ...quoted, 'Déposez une version corrigée puis soumettez-la de nouveau.'], { label: 'Ouvrir le rapport', url: report.link }, PREFERENCES);
    case 'validated':
      return compose(region, `${what} est validé`, ['Bonjour,', `${what} a été validé par la Région : il compte désormais dans les chiffres officiels.`], { label: 'Ouvrir le rapport', url: report.link }, PREFERENCES);
    case 'reopened':
      return compose(region, `${what} est rouvert`, ['Bonjour,', `${what} a été rouvert par la Région : il redevient un brouillon à compléter et à soumettre de nouveau.`, ...(comment ? [`Motif :\n« ${comment} »`] : [])], { label: 'Ouvrir le rapport', url: report.link }, PREFERENCES);
    case 'submitted':
      return compose(region, `${report.operatorName} a soumis ${report.schemeName} ${report.label}`, ['Bonjour,', `${report.operatorName} a soumis le rapport ${report.schemeName} du ${report.label}. Il attend votre examen.`], { label: 'Examiner le rapport', url: report.link }, PREFERENCES);
  }
}
