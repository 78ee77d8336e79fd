export { Loading } from './status.tsx';
