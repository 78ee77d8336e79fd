// Invitations (issue 11): an account created without a password gets a single-use link (72 h) to choose
// it. With SMTP the link leaves by mail; without, the Region is shown it once, to pass on.
import type { Db } from '../../db/database.ts';
import type { User } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { appUrl, invitationMessage, senderRegion } from './messages.ts';
import { enqueueMail } from './outbox.ts';
import type { MailService } from './service.ts';
import { createUserToken, INVITATION_TTL_MS } from './tokens.ts';

export async function inviteUser(trx: Db, config: Pick<Config, 'publicUrl' | 'port' | 'regionCode'>, mail: Pick<MailService, 'configured'>, user: Pick<User, 'id' | 'email'>): Promise<'sent' | { link: string }> {
  const token = await createUserToken(trx, user.id, 'invitation', INVITATION_TTL_MS);
  const link = appUrl(config, `/invitation#jeton=${token}`);
  if (!mail.configured) return { link };
  await enqueueMail(trx, { kind: 'invitation', userId: user.id, to: user.email, ...invitationMessage(senderRegion(config), link, INVITATION_TTL_MS / 3600_000) });
  return 'sent';
}
