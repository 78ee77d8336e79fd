import { PageTitle } from '../components/page-title.tsx';

export function MapPage() {
  return <PageTitle title="Carte" />;
}
