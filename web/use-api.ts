import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';

const prefetched = new Map<string, Promise<unknown>>();

/**
 * Starts a GET before any component asks for it (e.g. the map's data while the session is being
 * restored). The first useApi(path) takes the answer; a failed prefetch is forgotten, not reported.
 */
export function prefetch(path: string): void {
  if (prefetched.has(path)) return;
  const promise = api.get(path, { allowUnauthenticated: true });
  promise.catch(() => prefetched.delete(path));
  prefetched.set(path, promise);
}

function take<T>(path: string, signal: AbortSignal): Promise<T> {
  const early = prefetched.get(path);
  if (early) {
    prefetched.delete(path);
    return early.then(
      (data) => data as T,
      () => api.get<T>(path, { signal }),
    );
  }
  return api.get<T>(path, { signal });
}

export interface ApiResource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing to fetch yet) and re-fetches when it changes; stale answers are dropped. */
export function useApi<T>(path: string | null): ApiResource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: path !== null,
  });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const id = ++latest.current;
    const controller = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true }));
    take<T>(path, controller.signal).then(
      (data) => {
        if (id === latest.current) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (id === latest.current && (error as Error).name !== 'AbortError') setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
