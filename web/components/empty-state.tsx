export { EmptyState } from './status.tsx';
