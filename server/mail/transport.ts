// The SMTP transport (nodemailer), from TERRITOIRES_SMTP_URL: STARTTLS is used where the server offers it
// (smtp://…:587), TLS from the start with smtps://. No URL: no transport, and the application says so
// where a mail would have gone (an invitation link shown to the Region instead).
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row: a message sent twice after all is recognisable as one */
  messageId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Gives up on an SMTP server that does not answer, so that one slow server never holds the outbox. */
const SMTP_TIMEOUT_MS = 20_000;

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  const url = new URL(config.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A local test server without a certificate: allowed only when asked in the URL (?tls=insecure).
    tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
    },
    close: () => transport.close(),
  };
}
