// Routes, role guards and navigation. Each role sees only its pages: links are hidden and routes
// guarded here; the API enforces the same rules on its side.
import type { ComponentChildren, FunctionComponent } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Layout, type NavItem } from './components/layout.tsx';
import { PageTitle } from './components/page-title.tsx';
import { Loading } from './components/status.tsx';
import { AccountPage } from './pages/account-page.tsx';
import { ForgotPasswordPage, SetPasswordPage } from './pages/account-recovery-pages.tsx';
import { ReloginDialog } from './components/relogin-dialog.tsx';
import { lazyPage } from './lazy-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { MyReportsPage } from './pages/reports/my-reports-page.tsx';
import { ReportPage } from './pages/reports/report-page.tsx';
import { ROUTE_PATTERNS } from './route-patterns.ts';
import { focusPageHeading, location, matchPath, navigate } from './router.ts';
import { AppStateContext, type AppState, type Role } from './state.ts';

// The figures, committee and Region pages load on first visit (their own chunks, Leaflet among them); an
// operator's pages (reports, account) are in the first bundle.
export const MapPage = lazyPage(() => import('./pages/map-page.tsx').then((m) => m.MapPage));
const DashboardPage = lazyPage(() => import('./pages/dashboard-page.tsx').then((m) => m.DashboardPage));
export const CotechPage = lazyPage(() => import('./pages/cotech-page.tsx').then((m) => m.CotechPage));
const MeetingsPage = lazyPage(() => import('./pages/committees/meetings-page.tsx').then((m) => m.MeetingsPage));
const MeetingPage = lazyPage<{ id: string }>(() => import('./pages/committees/meeting-page.tsx').then((m) => m.MeetingPage));
const AnnualReportPage = lazyPage(() => import('./pages/committees/annual-report-page.tsx').then((m) => m.AnnualReportPage));
const ReviewPage = lazyPage(() => import('./pages/region/review-page.tsx').then((m) => m.ReviewPage));
const AdminPage = lazyPage<{ section?: string }>(() => import('./pages/admin/admin-page.tsx').then((m) => m.AdminPage));

const PAGES: Record<string, (params: Record<string, string>) => ComponentChildren> = {
  '/': () => <MapPage />,
  '/tableau-de-bord': () => <DashboardPage />,
  '/cotech': () => <CotechPage />,
  '/seances': () => <MeetingsPage />,
  '/seances/:id': (p) => <MeetingPage id={p.id} />,
  '/rapport-annuel': () => <AnnualReportPage />,
  '/compte': () => <AccountPage />,
  '/rapports': () => <MyReportsPage />,
  '/rapports/:operator/:scheme/:period': (p) => <ReportPage operator={p.operator} scheme={p.scheme} period={p.period} />,
  '/region/revue': () => <ReviewPage />,
  '/region/admin': () => <AdminPage />,
  '/region/admin/:section': (p) => <AdminPage section={p.section} />,
};

const RECOVERY_PAGES: Record<string, () => ComponentChildren> = {
  '/mot-de-passe-oublie': () => <ForgotPasswordPage />,
  '/reinitialiser': () => <SetPasswordPage purpose="password_reset" />,
  '/invitation': () => <SetPasswordPage purpose="invitation" />,
};

const NAV: Record<Role, { href: string; label: string; prefix?: string }[]> = {
  region: [
    { href: '/', label: 'Carte' },
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/cotech', label: 'COTECH' },
    { href: '/seances', label: 'Séances', prefix: '/seances' },
    { href: '/rapport-annuel', label: 'Rapport COPRESS' },
    { href: '/region/revue', label: 'Revue des rapports' },
    { href: '/rapports', label: 'Tous les rapports', prefix: '/rapports' },
    { href: '/region/admin', label: 'Administration', prefix: '/region/admin' },
    { href: '/compte', label: 'Mon compte' },
  ],
  cotech: [
    { href: '/', label: 'Carte' },
    { href: '/tableau-de-bord', label: 'Tableau de bord' },
    { href: '/cotech', label: 'COTECH' },
    { href: '/seances', label: 'Séances', prefix: '/seances' },
    { href: '/rapport-annuel', label: 'Rapport COPRESS' },
    { href: '/compte', label: 'Mon compte' },
  ],
  operator: [
    { href: '/rapports', label: 'Mes rapports', prefix: '/rapports' },
    { href: '/compte', label: 'Mon compte' },
  ],
};

function navFor(role: Role, path: string): NavItem[] {
  return NAV[role].map((item) => ({
    href: item.href,
    label: item.label,
    current: item.href === path || (!!item.prefix && path.startsWith(item.prefix)),
  }));
}

function Forbidden() {
  return (
    <section>
      <PageTitle title="Accès refusé" />
      <p>Votre rôle ne permet pas d’ouvrir cette page. Utilisez le menu pour accéder à vos pages.</p>
    </section>
  );
}

function NotFound() {
  return (
    <section>
      <PageTitle title="Page introuvable" />
      <p>
        Cette adresse ne correspond à aucune page. <a href="/">Retour à l’accueil</a>
      </p>
    </section>
  );
}

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return <Loading label="Redirection…" />;
}

/** Moves focus to the new page's heading after each client-side navigation (not on first load). */
function useFocusOnNavigation(path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    return focusPageHeading();
  }, [path]);
}

function Screen(props: { state: AppState }) {
  const { state } = props;
  const { path, search } = location.value;
  const user = state.user.value;
  useFocusOnNavigation(path);

  // While the session is being checked, a returning user's page starts rendering under the role
  // remembered from the last login (the map can draw meanwhile); the API decides what it returns,
  // and an expired session still ends on the login page.
  const role = user === undefined ? state.rememberedRole.value : (user?.role ?? null);
  // Pages for getting into an account: open to anyone, logged in or not.
  const recovery = RECOVERY_PAGES[path];
  if (recovery) return <Layout nav={[]}>{recovery()}</Layout>;
  if (user === undefined && (!role || path === '/connexion')) return <Loading label="Vérification de la session…" />;

  if (path === '/connexion') {
    if (user) return <Redirect to={new URLSearchParams(search).get('suite') || state.home.value} />;
    return (
      <Layout nav={[]}>
        <LoginPage />
      </Layout>
    );
  }
  if (user === null) {
    const suite = `${path}${search ? `?${search}` : ''}`;
    return <Redirect to={suite === '/' ? '/connexion' : `/connexion?suite=${encodeURIComponent(suite)}`} />;
  }
  if (!role) return <Loading label="Vérification de la session…" />;
  if (path === '/' && role === 'operator') return <Redirect to="/rapports" />;

  let page: ComponentChildren = <NotFound />;
  for (const [pattern, roles] of ROUTE_PATTERNS) {
    const params = matchPath(pattern, path);
    if (!params) continue;
    page = roles.includes(role) ? PAGES[pattern](params) : <Forbidden />;
    break;
  }
  const expired = state.sessionExpired.value;
  return (
    <>
      <Layout nav={navFor(role, path)}>{page}</Layout>
      {expired && <ReloginDialog email={expired.email} />}
    </>
  );
}

export const App: FunctionComponent<{ state: AppState }> = ({ state }) => (
  <AppStateContext.Provider value={state}>
    <Screen state={state} />
  </AppStateContext.Provider>
);
