export { ErrorMessage } from './status.tsx';
