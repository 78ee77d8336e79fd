import { PageTitle } from '../components/page-title.tsx';

export function AccountPage() {
  return <PageTitle title="Mon compte" />;
}
