// `npm run backup -- FILE`: an online copy of the SQLite database through SQLite's backup API, consistent
// even while the server runs and writes (pages changed during the copy are copied again).
// `npm run restore -- FILE`: checks a copy (integrity, schema version) and puts it in place of the database,
// keeping the replaced one aside. Stop the server first, start it again after.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { KNOWN_MIGRATIONS } from '../../db/database.ts';
import { loadConfig } from '../config.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/** Copies `databasePath` to `target` with the online backup API. */
export async function backupDatabase(databasePath: string, target: string): Promise<BackupResult> {
  if (!existsSync(databasePath)) throw new Error(`Base introuvable : ${databasePath}`);
  if (existsSync(target)) throw new Error(`Le fichier ${target} existe déjà : choisissez un autre nom (une sauvegarde n’en écrase jamais une autre)`);
  const source = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  try {
    // 256 pages per step, then the event loop runs: a running server sharing the file keeps answering.
    const progress = await source.backup(target, { progress: () => 256 });
    // The copy inherits WAL mode from the live database: switched back to a single self-contained file.
    const copy = new SQLite(target);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    return { file: target, bytes: statSync(target).size, pages: progress.totalPages };
  } finally {
    source.close();
  }
}

export type CopyCheck = { ok: true; migration: string } | { ok: false; reason: string };

/** A copy is restorable when SQLite finds it intact and its schema is one this code knows. */
export function checkCopy(file: string): CopyCheck {
  if (!existsSync(file)) return { ok: false, reason: `fichier introuvable : ${file}` };
  let copy: SQLite.Database;
  try {
    copy = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, reason: `ce n’est pas une base SQLite lisible (${(error as Error).message})` };
  }
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, reason: `contrôle d’intégrité en échec : ${String(integrity)}` };
    const hasTable = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!hasTable) return { ok: false, reason: 'ce n’est pas une base Territoires ESS (aucune table de migrations)' };
    const applied = (copy.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((name) => !KNOWN_MIGRATIONS.includes(name));
    if (unknown.length > 0) {
      return { ok: false, reason: `schéma plus récent que cette version de l’application (migrations inconnues : ${unknown.join(', ')}) : mettez l’application à jour d’abord` };
    }
    return { ok: true, migration: applied[applied.length - 1] ?? '(aucune)' };
  } catch (error) {
    return { ok: false, reason: `base illisible (${(error as Error).message})` };
  } finally {
    copy.close();
  }
}

/**
 * Replaces the database at `databasePath` by the checked copy `file`. The replaced database (and its WAL)
 * is renamed `<name>.replaced-<time>`, never deleted. @returns the path it was kept at, or null when there was none
 */
export function restoreDatabase(file: string, databasePath: string, now = new Date()): string | null {
  const check = checkCopy(file);
  if (!check.ok) throw new Error(`Restauration refusée : ${check.reason}`);
  let keptAt: string | null = null;
  if (existsSync(databasePath)) {
    // Folds the WAL into the file first, so the kept copy is whole on its own.
    const current = new SQLite(databasePath);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    keptAt = `${databasePath}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(databasePath, keptAt);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  copyFileSync(file, databasePath);
  return keptAt;
}

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  const config = loadConfig();
  if ((command !== 'backup' && command !== 'restore') || !file) {
    console.error('Usage : npm run backup -- FICHIER   |   npm run restore -- FICHIER');
    process.exit(2);
  }
  if (config.databaseUrl) {
    // PostgreSQL is backed up with its own tools, online and consistent (README, « Exploitation »).
    console.error('TERRITOIRES_DATABASE_URL désigne une base PostgreSQL : sauvegardez-la avec pg_dump -Fc et restaurez-la avec pg_restore (voir le README, « Exploitation »).');
    process.exit(2);
  }
  if (config.databasePath === ':memory:') {
    console.error('TERRITOIRES_DB désigne une base en mémoire : rien à sauvegarder ni restaurer');
    process.exit(2);
  }
  try {
    if (command === 'backup') {
      const result = await backupDatabase(config.databasePath, resolve(file));
      console.log(`Sauvegarde écrite : ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} Mo, ${result.pages} pages)`);
      return;
    }
    const keptAt = restoreDatabase(resolve(file), config.databasePath);
    console.log(`Base restaurée depuis ${resolve(file)} dans ${config.databasePath}.`);
    if (keptAt) console.log(`L’ancienne base est conservée : ${keptAt}`);
    console.log('Redémarrez le serveur (npm start) pour qu’il ouvre la base restaurée.');
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
