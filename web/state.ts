// App state in one place: signals for what the user chose or the server told us, `computed` for
// everything derived from them. Provided once through AppStateContext (see app.tsx).
import { computed, signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { api, configureApi } from './api.ts';

export type Role = 'region' | 'operator' | 'cotech';
export type Basis = 'validated' | 'submitted';
export type Figure = 'beneficiaries' | 'per10k' | 'jobsConsolidated' | 'populationWithinDistancePct' | 'coverageProbability';

export interface CurrentUser {
  email: string;
  role: Role;
  /** Operator id for operator users, else null. */
  operator: string | null;
  /** That operator's name */
  operatorName?: string | null;
}

export interface ServerInfo {
  demo: boolean;
  tilesUrl: string | null;
  tilesAttribution: string | null;
  /** The region served (geo/region-profiles.ts): « Région Hauts-de-France », « en Hauts-de-France » */
  regionAuthority: string;
  regionIn: string;
}

/** The four operator schemes (DOMAIN.md), in display order. */
/**
 * The roadmap's toolbox (Part 3 §3a): four schemes run by operators and six direct aids of the Region, in
 * the roadmap's order and spelling. Every scheme choice offers all ten, in these two groups.
 */
export const SCHEMES = [
  { code: 'ACCESS', label: 'ACC’ESS', kind: 'operator' },
  { code: 'DLA', label: 'DLA', kind: 'operator' },
  { code: 'FIDESS', label: 'FIDESS', kind: 'operator' },
  { code: 'DASESS', label: 'DASESS', kind: 'operator' },
  { code: 'BUSINESS', label: 'BUSIN’ESS', kind: 'direct_aid' },
  { code: 'INVESS', label: 'INV’ESS', kind: 'direct_aid' },
  { code: 'INSO', label: 'INSO', kind: 'direct_aid' },
  { code: 'COTE', label: 'COTE', kind: 'direct_aid' },
  { code: 'TZCLD', label: 'TZCLD', kind: 'direct_aid' },
  { code: 'TESS', label: 'TESS', kind: 'direct_aid' },
] as const;
export const OPERATOR_SCHEMES = SCHEMES.filter((s) => s.kind === 'operator');
export const DIRECT_AIDS = SCHEMES.filter((s) => s.kind === 'direct_aid');
export const SCHEME_GROUPS = [
  { legend: 'Dispositifs des opérateurs', schemes: OPERATOR_SCHEMES },
  { legend: 'Aides directes de la Région', schemes: DIRECT_AIDS },
] as const;

/** Scheme codes as the pages name them: ['ACCESS', 'DLA'] → "ACC’ESS, DLA" (unknown codes, e.g. direct aids, as is). */
export function schemeNames(codes: readonly string[]): string {
  return codes.map((code) => SCHEMES.find((s) => s.code === code)?.label ?? code).join(', ');
}

/** The roadmap runs 2024–2028 (roadmap Part 3). */
export const FIRST_YEAR = 2024;
export const LAST_YEAR = 2028;
export const DEFAULT_DISTANCE_KM = 20; // DOMAIN.md rule 7

export function currentYear(): number {
  return Math.min(Math.max(new Date().getFullYear(), FIRST_YEAR), LAST_YEAR);
}

export interface Filters {
  from: number;
  to: number;
  schemes: string[];
  basis: Basis;
  distanceKm: number;
  figure: Figure;
}

export function defaultFilters(): Filters {
  return {
    from: FIRST_YEAR,
    to: currentYear(),
    schemes: OPERATOR_SCHEMES.map((s) => s.code),
    basis: 'validated',
    distanceKm: DEFAULT_DISTANCE_KM,
    figure: 'beneficiaries',
  };
}

const FIGURE_KEYS: Figure[] = ['beneficiaries', 'per10k', 'jobsConsolidated', 'populationWithinDistancePct', 'coverageProbability'];

/** Filters from a page's query string (shareable map links); anything invalid keeps the default. */
export function parseFilters(search: string, base: Filters = defaultFilters()): Filters {
  const params = new URLSearchParams(search);
  const year = (key: string, fallback: number) => {
    const value = Number(params.get(key));
    return Number.isInteger(value) && value >= FIRST_YEAR && value <= LAST_YEAR ? value : fallback;
  };
  const from = year('de', base.from);
  const to = Math.max(from, year('a', base.to));
  const codes: string[] = SCHEMES.map((s) => s.code);
  const schemes = params.has('dispositifs') ? (params.get('dispositifs') ?? '').split(',').filter((c) => codes.includes(c)) : base.schemes;
  const basis = params.get('base') === 'soumis' ? 'submitted' : params.get('base') === 'valides' ? 'validated' : base.basis;
  const km = Number(params.get('km'));
  const figure = FIGURE_KEYS.find((f) => f === params.get('chiffre')) ?? base.figure;
  return { from, to, schemes, basis, distanceKm: Number.isInteger(km) && km >= 1 && km <= 100 ? km : base.distanceKm, figure };
}

/** The query string that parseFilters reads back. */
export function filtersToSearch(filters: Filters): URLSearchParams {
  return new URLSearchParams({
    de: String(filters.from),
    a: String(filters.to),
    dispositifs: filters.schemes.join(','),
    base: filters.basis === 'submitted' ? 'soumis' : 'valides',
    km: String(filters.distanceKm),
    chiffre: filters.figure,
  });
}

/** Query string of the coverage routes for a set of filters (the figure is a display choice, not sent). */
export function coverageQuery(filters: Filters): Record<string, string | number> {
  return {
    from: filters.from,
    to: filters.to,
    schemes: filters.schemes.join(','),
    basis: filters.basis,
    distanceKm: filters.distanceKm,
  };
}

const ROLE_KEY = 'territoires-ess.role';
const ROLES: Role[] = ['region', 'operator', 'cotech'];

function readRememberedRole(): Role | null {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(ROLE_KEY);
    return ROLES.find((r) => r === value) ?? null;
  } catch {
    return null;
  }
}

export function createAppState() {
  /** undefined while the session is being checked, null when logged out. */
  const user = signal<CurrentUser | null | undefined>(undefined);
  const csrfToken = signal<string | null>(null);
  // Until /health answers, the header says « Région » alone rather than the wrong region.
  const server = signal<ServerInfo>({ demo: false, tilesUrl: null, tilesAttribution: null, regionAuthority: 'Région', regionIn: 'dans la région' });
  const filters = signal<Filters>(parseFilters(typeof window === 'undefined' ? '' : window.location.search));

  /** The role of the last login on this browser: lets the page render while the session is checked. */
  const rememberedRole = signal<Role | null>(readRememberedRole());
  const role = computed(() => user.value?.role ?? null);
  const loggedIn = computed(() => !!user.value);
  /** The page a user lands on after login. */
  const home = computed(() => (role.value === 'operator' ? '/rapports' : '/'));
  const coverageParams = computed(() => coverageQuery(filters.value));

  /**
   * Set when the session expired while a page was in use: the page stays (with what the user chose or
   * typed) and a login dialog opens over it (app.tsx); requests waiting on it are sent again after.
   */
  const sessionExpired = signal<{ email: string } | null>(null);
  let waiting: Array<{ resolve: () => void; reject: (reason: Error) => void }> = [];

  configureApi({
    csrfToken: () => csrfToken.value,
    onUnauthenticated: () => {
      const current = user.value;
      if (!current) {
        setSession(null);
        return Promise.reject(new Error('non connecté'));
      }
      sessionExpired.value = { email: current.email };
      return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    },
  });

  function setSession(body: SessionBody | null): void {
    csrfToken.value = body?.csrfToken ?? null;
    user.value = body?.user ? { email: body.user.email, role: body.user.role, operator: body.user.operator ?? null } : null;
    rememberRole(user.value?.role ?? null);
  }

  /** Ends the wait of the requests held by an expired session: sent again (logged in) or given up. */
  function settleWaiting(loggedInAgain: boolean): void {
    const held = waiting;
    waiting = [];
    sessionExpired.value = null;
    for (const w of held) {
      if (loggedInAgain) w.resolve();
      else w.reject(new Error('session expirée'));
    }
  }

  function rememberRole(value: Role | null): void {
    rememberedRole.value = value;
    try {
      if (value) localStorage.setItem(ROLE_KEY, value);
      else localStorage.removeItem(ROLE_KEY);
    } catch {
      // storage disabled: the page simply waits for the session check
    }
  }

  return {
    user,
    csrfToken,
    rememberedRole,
    server,
    filters,
    role,
    loggedIn,
    home,
    coverageParams,
    setFilters(patch: Partial<Filters>) {
      filters.value = { ...filters.value, ...patch };
    },
    /** Restores the session behind the cookie, if any; also reads the server's public settings. */
    async restore(): Promise<void> {
      const [session, health] = await Promise.allSettled([
        api.get<SessionBody>('/session', { allowUnauthenticated: true }),
        api.get<Partial<ServerInfo>>('/health', { allowUnauthenticated: true }),
      ]);
      setSession(session.status === 'fulfilled' ? session.value : null);
      if (health.status === 'fulfilled') {
        server.value = {
          demo: !!health.value.demo,
          tilesUrl: health.value.tilesUrl ?? null,
          tilesAttribution: health.value.tilesAttribution ?? null,
          regionAuthority: health.value.regionAuthority ?? 'Région',
          regionIn: health.value.regionIn ?? 'dans la région',
        };
      }
    },
    async login(email: string, password: string): Promise<void> {
      setSession(await api.post<SessionBody>('/session', { email, password }, { allowUnauthenticated: true }));
    },
    sessionExpired,
    /** Logs the same user in again after an expiry; the held requests then go out again. */
    async resumeSession(password: string): Promise<void> {
      const expired = sessionExpired.value;
      if (!expired) return;
      setSession(await api.post<SessionBody>('/session', { email: expired.email, password }, { allowUnauthenticated: true }));
      settleWaiting(true);
    },
    /** The user prefers the login page: what waited is dropped. */
    abandonSession(): void {
      settleWaiting(false);
      setSession(null);
    },
    async logout(): Promise<void> {
      try {
        await api.delete('/session', { allowUnauthenticated: true });
      } finally {
        setSession(null);
      }
    },
  };
}

interface SessionBody {
  user?: { email: string; role: Role; operator?: string | null };
  csrfToken?: string;
}

export type AppState = ReturnType<typeof createAppState>;

export const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateContext');
  return state;
}
