// Entry point of `npm start`: configuration, database, geography, first admin, demo data, HTTP server.
import { serve } from '@hono/node-server';
import { createDatabase } from '../db/database.ts';
import { loadGeography } from '../geo/load-geography.ts';
import { alignWithRegion } from './admin/region-setup.ts';
import { createApp } from './app.ts';
import { ensureRegionAdmin, hasRegionUser } from './auth/bootstrap-admin.ts';
import { databaseLabel, databaseLocation, loadConfig } from './config.ts';
import { seedDemoDataIfEmpty } from './demo/seed-demo.ts';
import { factStore } from './figures/facts.ts';
import { startMailScheduler } from './mail/scheduler.ts';
import { mailServiceFor } from './mail/service.ts';
import { sweepSpool } from './reports/spool.ts';

const config = loadConfig();
const db = await createDatabase(databaseLocation(config), { busyWaitMs: config.dbBusyWaitMs });
const geo = loadGeography(config.regionCode);
if (!config.demo && config.adminPasswordIsDefault && !(await hasRegionUser(db))) {
  // A real deployment must not get a first administrator with the publicly documented demo password.
  console.error('TERRITOIRES_ADMIN_PASSWORD must be set to create the first Region administrator when TERRITOIRES_DEMO=0');
  process.exit(1);
}
if (!config.adminPasswordIsDefault && !(await hasRegionUser(db))) {
  const { judgePassword } = await import('./auth/password-rule.ts');
  const verdict = await judgePassword(config.adminPassword, config.adminEmail);
  if (!verdict.ok) {
    console.error(`TERRITOIRES_ADMIN_PASSWORD is refused by the password rule: ${verdict.message}`);
    process.exit(1);
  }
}
await alignWithRegion(db, geo); // the Region operator's name and default zones, for the region served
const adminCreated = await ensureRegionAdmin(db, config.adminEmail, config.adminPassword);
const demo = config.demo ? await seedDemoDataIfEmpty({ db, config, geo }) : null;

await sweepSpool(); // uploads half-received by a process that died
const mail = mailServiceFor(db, config);
// Without SMTP nothing is queued that could never leave: no scheduler (no reminders, no digests).
if (config.mailScheduler && mail.configured) await startMailScheduler(db, config, mail);
const app = createApp({ db, config, geo });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  console.log(`Territoires ESS : http://${shownHost}:${info.port}${config.host === '0.0.0.0' ? ' (toutes les interfaces)' : ''}`);
  console.log(`  base de données : ${databaseLabel(config)}`);
  console.log(`  géographie : région ${geo.regionCode}, ${geo.epcis.size} EPCI, ${geo.communes.size} communes`);
  console.log(mail.configured ? '  e-mail : envoi par SMTP (file d’envoi, rappels et récapitulatifs planifiés)' : '  e-mail : aucun serveur SMTP (TERRITOIRES_SMTP_URL) : les liens d’invitation sont montrés à la Région');
  if (adminCreated) {
    const password = config.adminPasswordIsDefault ? `  /  ${config.adminPassword} (mot de passe de démonstration : à changer)` : '';
    console.log(`  administrateur Région créé : ${config.adminEmail}${password}`);
  }
  if (demo && demo.logins.length > 0) {
    console.log(demo.seeded ? '  données de démonstration chargées. Comptes :' : '  données de démonstration déjà présentes. Comptes :');
    for (const login of demo.logins) console.log(`    ${login.role.padEnd(8)} ${login.email}  /  ${login.password}`);
  }
});

// A stop (the service manager's SIGTERM, Ctrl+C) lets the requests under way finish, writes the figure
// snapshots that are due (server/figures/snapshots.ts: the next start reads them instead of a million facts)
// and closes the database; past STOP_GRACE_MS it exits anyway.
const STOP_GRACE_MS = 10_000;
async function stop(): Promise<void> {
  setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  await factStore(db).flushSnapshots();
  await db.destroy();
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop());
