// The page frame: skip link, header (app name, demo banner, user, logout), main navigation, main, footer.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { navigate } from '../router.ts';
import { useAppState } from '../state.ts';

export interface NavItem {
  href: string;
  label: string;
  /** Whether the current path belongs to this item. */
  current: boolean;
}

const ROLE_LABELS: Record<string, string> = { region: 'Région', operator: 'Opérateur', cotech: 'COTECH' };

export function Layout(props: { nav: NavItem[]; children: ComponentChildren }) {
  const state = useAppState();
  const user = state.user.value;
  const [leaving, setLeaving] = useState(false);
  const logout = async () => {
    setLeaving(true);
    try {
      await state.logout();
    } finally {
      setLeaving(false);
      navigate('/connexion', { replace: true });
    }
  };
  return (
    <>
      <a class="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header class="site-header">
        <div class="brand">
          <a href={state.home.value} class="brand-link">
            Territoires ESS
          </a>
          <span class="brand-sub">{state.server.value.regionAuthority} · dispositifs ESS</span>
        </div>
        {state.server.value.demo && (
          <p class="demo-banner">
            <strong>Données de démonstration</strong> : fictives, pour essayer l’outil.
          </p>
        )}
        {user && (
          <div class="user-box">
            <span>
              {user.email} <span class="role-badge">{ROLE_LABELS[user.role] ?? user.role}</span>
              {user.operator && <span class="role-badge">{user.operatorName ?? user.operator}</span>}
            </span>
            <button type="button" class="button secondary" onClick={logout} disabled={leaving}>
              Se déconnecter
            </button>
          </div>
        )}
      </header>
      {props.nav.length > 0 && (
        <nav class="main-nav" aria-label="Navigation principale">
          <ul>
            {props.nav.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="contenu" tabIndex={-1}>
        {props.children}
      </main>
      <footer class="site-footer">
        <p>
          Territoires ESS · {state.server.value.regionAuthority} · Contours : IGN Admin Express 2018, Licence Ouverte ·{' '}
          <a href="/api/v1/openapi.json">Documentation de l’API</a>
        </p>
      </footer>
    </>
  );
}
