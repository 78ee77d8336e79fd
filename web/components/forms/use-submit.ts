// A form's request lifecycle: busy flag, field errors from the API's answer, overall error, success text.
import { useState } from 'preact/hooks';
import { errorSummary, fieldErrors } from './fields.tsx';

export interface Submission {
  busy: boolean;
  /** Messages by field (one of the `fields` given to useSubmit); '' for those no field shows */
  errors: Record<string, string>;
  failure: unknown;
  /** The overall error for FormStatus: a count of fields to fix, plus what no field shows */
  summary: string | null;
  message: string | null;
  /** Runs `action`; on success shows `success` and returns true, on failure maps the errors. */
  run: (action: () => Promise<unknown>, success: string) => Promise<boolean>;
  reset: () => void;
}

/**
 * `fields`: the API's keys of the fields the form shows now (a detail's path is matched by prefix:
 * 'territory' takes 'territory.epcis'); errors of other paths are spelled out in the summary.
 */
export function useSubmit(fields: readonly string[] = []): Submission {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const errors = fieldErrors(failure, fields);
  return {
    busy,
    errors,
    failure,
    summary: errorSummary(failure, errors),
    message,
    async run(action, success) {
      setBusy(true);
      setFailure(null);
      setMessage(null);
      try {
        await action();
        setMessage(success);
        return true;
      } catch (error) {
        setFailure(error);
        return false;
      } finally {
        setBusy(false);
      }
    },
    reset() {
      setFailure(null);
      setMessage(null);
    },
  };
}
