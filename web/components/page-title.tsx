import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

export const APP_NAME = 'Territoires ESS';

/**
 * The page's one <h1> and its document title. The heading takes focus after a client-side
 * navigation (see app.tsx), so it is focusable by script (tabindex -1) but not in the tab order.
 */
export function PageTitle(props: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · ${APP_NAME}`;
  }, [props.title]);
  return (
    <h1 id="page-title" tabIndex={-1}>
      {props.children ?? props.title}
    </h1>
  );
}
