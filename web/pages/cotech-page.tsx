import { PageTitle } from '../components/page-title.tsx';

export function CotechPage() {
  return <PageTitle title="COTECH" />;
}
