// A modal question before a change with consequences. Mount it to ask; Escape and
// Cancel answer no. While `onConfirm` runs, the dialog stays, busy, and cannot be
// dismissed; the owner unmounts it when the answer is in. Opening puts focus on
// Cancel, the first button, so a stray Enter changes nothing.
import { useId, useState } from 'react';
import { Spinner } from './States.jsx';
import { useModalDialog } from './useModalDialog.js';

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }) {
  const dialog = useModalDialog();
  const id = useId();
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    await onConfirm();
  }

  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="modal__title">{title}</h2>
      <p id={`${id}-text`}>{children}</p>
      <div className="modal__actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={confirm} disabled={busy}>
          {busy && <Spinner />} {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
