// The list of keyboard shortcuts, opened with "?" (see KeyboardShortcuts). Opening
// the dialog puts focus on its only button, Close.
import { useModalDialog } from './useModalDialog.js';

const shortcuts = [
  { keys: ['j'], action: 'Next ticket in the list' },
  { keys: ['k'], action: 'Previous ticket in the list' },
  { keys: ['Enter'], action: 'Open the highlighted ticket' },
  { keys: ['r'], action: 'Write a reply (on a ticket)' },
  { keys: ['e'], action: 'Edit the ticket (on a ticket)' },
  { keys: ['g', 't'], action: 'Go to the ticket list' },
  { keys: ['?'], action: 'Show this list' },
];

function Keys({ keys }) {
  return keys.map((key, index) => (
    <span key={key}>
      {index > 0 && ' then '}
      <kbd>{key}</kbd>
    </span>
  ));
}

export function ShortcutHelp({ onClose }) {
  const dialog = useModalDialog();
  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby="shortcuts-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-title" className="modal__title">Keyboard shortcuts</h2>
      <p className="muted">They work anywhere except while typing in a field.</p>
      <dl className="shortcuts">
        {shortcuts.map(({ keys, action }) => (
          <div key={action} className="shortcuts__row">
            <dt><Keys keys={keys} /></dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <div className="modal__actions">
        <button type="button" className="button" onClick={onClose}>Close</button>
      </div>
    </dialog>
  );
}
