// One mail service per database: the transport (or none), and a delivery pass started right after a
// request queued a mail, so that an invitation leaves within seconds rather than at the next scheduler tick.
// A pass never runs inside a request: kick() returns at once.
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { deliverDue } from './outbox.ts';
import { createMailer, type Mailer } from './transport.ts';

export interface MailService {
  /** null when TERRITOIRES_SMTP_URL is not set: nothing is queued that could not leave */
  mailer: Mailer | null;
  readonly configured: boolean;
  /** Starts a delivery pass soon (one at a time; a kick during a pass runs another after it). */
  kick(): void;
  /** Resolves when no pass is running (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

const services = new WeakMap<Db, MailService>();

export function mailServiceFor(db: Db, config: Pick<Config, 'smtpUrl' | 'mailFrom'>): MailService {
  let service = services.get(db);
  if (!service) {
    service = createMailService(db, createMailer(config));
    services.set(db, service);
  }
  return service;
}

export function createMailService(db: Db, mailer: Mailer | null): MailService {
  let running: Promise<void> | null = null;
  let again = false;
  const pass = async (): Promise<void> => {
    try {
      do {
        again = false;
        await deliverDue(db, mailer);
      } while (again);
    } catch (error) {
      console.error('outbox delivery failed', error);
    } finally {
      running = null;
    }
  };
  return {
    mailer,
    configured: mailer !== null,
    kick() {
      if (!mailer) return;
      if (running) {
        again = true;
        return;
      }
      running = new Promise((resolve) => setImmediate(resolve)).then(pass);
    },
    idle: async () => {
      while (running) await running;
    },
    close: () => mailer?.close(),
  };
}
