// Scheduled jobs run once across application instances (issue 15): before running a job for a slot, an
// instance inserts the (job, slot) row; only the one whose insert took place runs it. Nothing is held while
// the job runs, so an instance that dies mid-run leaves its row unfinished (finished_at null) for the
// Region to see, and the job is not run twice: reminders sent twice are worse than a day missed.
import { hostname } from 'node:os';
import type { Db } from '../../db/database.ts';

/** This process, as job_runs records it. */
export const INSTANCE = `${hostname()}:${process.pid}`;

/** Claims `job` for `slot`. @returns true when this instance is the one to run it. */
export async function claimJobRun(db: Db, job: string, slot: string, now = new Date()): Promise<boolean> {
  const inserted = await db
    .insertInto('job_runs')
    .values({ job, slot, instance: INSTANCE, started_at: now.toISOString(), finished_at: null, result: null })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Runs `work` for `slot` if no instance has yet; records what it returned or threw. @returns whether it ran here. */
export async function runOnce(db: Db, job: string, slot: string, work: () => Promise<unknown>): Promise<boolean> {
  if (!(await claimJobRun(db, job, slot))) return false;
  let result: unknown;
  try {
    result = await work();
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) };
    throw error;
  } finally {
    await db
      .updateTable('job_runs')
      .set({ finished_at: new Date().toISOString(), result: JSON.stringify(result ?? null) })
      .where('job', '=', job)
      .where('slot', '=', slot)
      .execute();
  }
  return true;
}
