// The one way the front end talks to the server: JSON over /api/v1, same-origin cookies,
// the session's CSRF token on every change, French error messages surfaced as ApiError.

export const API_BASE = '/api/v1';

/** An error answered by the server (`{error:{code,message,details}}`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: () => string | null = () => null;
let onUnauthenticated: () => Promise<void> = () => Promise.reject(new Error('non connecté'));

/** Wires the API client to the app state (called once by createAppState). */
export function configureApi(options: { csrfToken: () => string | null; onUnauthenticated: () => Promise<void> }): void {
  csrfToken = options.csrfToken;
  onUnauthenticated = options.onUnauthenticated;
}

/** The current session's CSRF token (it changes when the user logs in again). */
export const currentCsrfToken = (): string | null => csrfToken();

/**
 * A 401 on a page in use means the session expired: the page stays as it is, the user logs in again in
 * place (app.tsx), and the request is sent again. @returns false when the user chose not to log in again
 */
export async function reauthenticate(): Promise<boolean> {
  try {
    await onUnauthenticated();
    return true;
  } catch {
    return false;
  }
}

/** `/figures/coverage` → `/api/v1/figures/coverage`; absolute API paths are kept. */
export function apiUrl(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
  const base = path.startsWith(API_BASE) ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

const SAFE = new Set(['GET', 'HEAD']);

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (proxy error page…): fall back to a generic message below
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const fallback =
    response.status === 401
      ? 'Connexion requise'
      : response.status === 403
        ? 'Accès refusé'
        : response.status === 404
          ? 'Ressource introuvable'
          : `Erreur du serveur (${response.status})`;
  return new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? fallback, error?.details);
}

export interface RequestOptions {
  /** JSON-serialised unless it is a string, Blob, FormData or ArrayBuffer (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not call the "logged out" hook on 401 (the login form itself). */
  allowUnauthenticated?: boolean;
  /** Set on the second attempt after logging in again: a second 401 is final. */
  retried?: boolean;
}

/** Sends a request; resolves with the parsed JSON (or text for non-JSON answers, null for 204). */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    const raw = options.body;
    if (typeof raw === 'string' || raw instanceof Blob || raw instanceof FormData || raw instanceof ArrayBuffer) {
      body = raw;
    } else {
      body = JSON.stringify(raw);
      headers['content-type'] = 'application/json';
    }
  }
  const token = csrfToken();
  if (!SAFE.has(method) && token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Le serveur ne répond pas : vérifiez votre connexion puis réessayez.');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !options.allowUnauthenticated && !options.retried && (await reauthenticate())) {
      return request<T>(method, path, { ...options, retried: true });
    }
    throw error;
  }
  if (response.status === 204) return null as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

/** A French sentence for any thrown value, for ErrorMessage. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return `Erreur inattendue : ${error.message}`;
  return 'Erreur inattendue';
}
