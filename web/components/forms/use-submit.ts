// A form's request lifecycle: busy flag, field errors from the API's answer, overall error, success text.
import { useState } from 'preact/hooks';
import { fieldErrors } from './fields.tsx';

export interface Submission {
  busy: boolean;
  errors: Record<string, string>;
  failure: unknown;
  message: string | null;
  /** Runs `action`; on success shows `success` and returns true, on failure maps the errors. */
  run: (action: () => Promise<unknown>, success: string) => Promise<boolean>;
  reset: () => void;
}

export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  return {
    busy,
    errors,
    failure,
    message,
    async run(action, success) {
      setBusy(true);
      setErrors({});
      setFailure(null);
      setMessage(null);
      try {
        await action();
        setMessage(success);
        return true;
      } catch (error) {
        setErrors(fieldErrors(error));
        setFailure(error);
        return false;
      } finally {
        setBusy(false);
      }
    },
    reset() {
      setErrors({});
      setFailure(null);
      setMessage(null);
    },
  };
}
