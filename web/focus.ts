// Where focus goes after an action: the button pressed is often gone (a closed panel, a removed row) or was
// disabled while busy, which drops focus to <body>; the result, or the form just filled, takes it instead.
// A reader who has already moved focus elsewhere in the meantime (typing in the next field) keeps it there.

/**
 * Focuses the element `find` returns once Preact has drawn the change that shows it (one frame later),
 * unless focus has moved since the call to something other than <body>.
 */
export function focusSoon(find: () => HTMLElement | null | undefined): void {
  const before = document.activeElement;
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active === before || !active || active === document.body) find()?.focus();
  });
}

/** focusSoon() for an element known by its id, e.g. the title of the form a « Modifier » button just filled. */
export function focusById(id: string): void {
  focusSoon(() => document.getElementById(id));
}
