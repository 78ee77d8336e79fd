// Region administration (routes `/region/admin` and `/region/admin/:section`): one screen per
// resource, reached from a navigation list; each lists what exists and offers a creation form whose
// errors come from the API, shown next to their fields.
import { OutboxSection } from './outbox-section.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AgreementsSection } from './agreements-section.tsx';
import { OperatorsSection } from './operators-section.tsx';
import { RulesSection } from './rules-section.tsx';
import { SitesSection } from './sites-section.tsx';
import { TargetsSection } from './targets-section.tsx';
import { UsersSection } from './users-section.tsx';
import { ZonesSection } from './zones-section.tsx';

const SECTIONS = [
  { id: 'operateurs', label: 'Opérateurs', render: () => <OperatorsSection /> },
  { id: 'conventions', label: 'Conventions', render: () => <AgreementsSection /> },
  { id: 'sites', label: 'Lieux d’accueil', render: () => <SitesSection /> },
  { id: 'utilisateurs', label: 'Utilisateurs', render: () => <UsersSection /> },
  { id: 'objectifs', label: 'Objectifs et échéances', render: () => <TargetsSection /> },
  { id: 'regles', label: 'Règles des dispositifs', render: () => <RulesSection /> },
  { id: 'zones', label: 'Zones de vigilance', render: () => <ZonesSection /> },
  { id: 'messages', label: 'Messages envoyés', render: () => <OutboxSection /> },
] as const;

export function AdminPage(props: { section?: string }) {
  const current = SECTIONS.find((s) => s.id === props.section);
  return (
    <>
      <PageTitle title={current ? `Administration : ${current.label}` : 'Administration'} />
      <nav class="admin-nav" aria-label="Sections de l’administration">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`/region/admin/${s.id}`} aria-current={s.id === current?.id ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.section && !current && (
        <p class="result-error" role="alert">
          Section inconnue : « {props.section} ». Choisissez une section dans la liste ci-dessus.
        </p>
      )}
      {current ? current.render() : !props.section && <p>Choisissez ce que vous voulez administrer dans la liste ci-dessus.</p>}
    </>
  );
}
