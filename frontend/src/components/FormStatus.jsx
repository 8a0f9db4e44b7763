// The general (not field-specific) outcome of a form submission.
import { Alert } from './States.jsx';

export function FormError({ error }) {
  if (!error) return null;
  const fieldCount = Object.keys(error.fields ?? {}).length;
  const wait = error.status === 429 && error.retryAfter ? ` Try again in ${error.retryAfter} s.` : '';
  return (
    <Alert>
      {fieldCount > 0 ? 'Please correct the highlighted fields.' : `${error.reason}${wait}`}
    </Alert>
  );
}
