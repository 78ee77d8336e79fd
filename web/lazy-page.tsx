// Pages loaded on first visit (issue 14): the map, committee and Region pages are separate chunks, so that
// an operator's pages never download Leaflet or the figures' views. A page shows « Chargement de la page… »
// while its chunk arrives, and a retry if the network fails.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage, Loading } from './components/status.tsx';

export type LazyPage<P> = FunctionComponent<P> & {
  /** Starts loading the chunk ahead of the first render (the home page of Region and COTECH). */
  preload(): void;
};

export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): LazyPage<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<FunctionComponent<P>> | null = null;
  const fetchPage = () => {
    pending ??= load().then(
      (page) => {
        loaded = page;
        return page;
      },
      (error: unknown) => {
        pending = null; // a later visit retries
        throw error;
      },
    );
    return pending;
  };
  function LazyPage(props: P) {
    const [page, setPage] = useState<FunctionComponent<P> | null>(() => loaded);
    const [error, setError] = useState<unknown>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (page) return;
      let cancelled = false;
      fetchPage().then(
        (p) => !cancelled && setPage(() => p),
        (e: unknown) => !cancelled && setError(e),
      );
      return () => {
        cancelled = true;
      };
    }, [attempt]);
    if (page) {
      const Page = page;
      return <Page {...props} />;
    }
    if (error !== null) {
      return (
        <ErrorMessage
          error={error}
          title="Page non chargée"
          onRetry={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        />
      );
    }
    return <Loading label="Chargement de la page…" />;
  }
  return Object.assign(LazyPage, { preload: () => void fetchPage().catch(() => undefined) });
}
