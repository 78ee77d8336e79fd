// Where focus goes after an action: the button pressed is often gone (a closed panel, a removed row) or was
// disabled while busy, which drops focus to <body>; the result, or the form just filled, takes it instead.

/** Focuses the element `find` returns once Preact has drawn the change that shows it (one frame later). */
export function focusSoon(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => find()?.focus());
}

/** focusSoon() for an element known by its id, e.g. the title of the form a « Modifier » button just filled. */
export function focusById(id: string): void {
  focusSoon(() => document.getElementById(id));
}
