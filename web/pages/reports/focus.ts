// Where focus goes after an action on the report pages: the button pressed is often gone (a closed panel,
// a removed row) or was disabled while busy, which drops focus to <body>; the result takes it instead.

/** Focuses the element `find` returns once Preact has drawn the change that shows it (one frame later). */
export function focusSoon(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => find()?.focus());
}
