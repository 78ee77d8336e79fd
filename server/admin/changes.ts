/** What a change did, for the audit log: `{ field: { from, to } }` for each field of `after` whose value differs. */
export function changes(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const old = before as Record<string, unknown>;
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(value)) diff[key] = { from: old[key] ?? null, to: value ?? null };
  }
  return diff;
}
