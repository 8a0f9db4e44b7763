// A destructive action that asks once more, inline, before it runs.
import { useState } from 'react';
import { Spinner } from './States.jsx';

export function ConfirmButton({ children, question, confirmLabel, onConfirm, className = 'button button--danger-ghost' }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  if (!asking) {
    return <button type="button" className={className} onClick={() => setAsking(true)}>{children}</button>;
  }
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p className="confirm__question">{question}</p>
      <div className="confirm__actions">
        <button type="button" className="button button--danger button--small" onClick={confirm} disabled={busy} autoFocus>
          {busy && <Spinner />} {confirmLabel}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => setAsking(false)} disabled={busy}>
          Cancel
        </button>
      </div>
      {error && <p className="field__error" role="alert">{error.reason}</p>}
    </div>
  );
}
