// "Merge into…": the agent names the ticket to merge this one into (by number, or by
// picking one of the customer's other tickets), sees which ticket that is and whose,
// and confirms. The server moves the conversation and closes this ticket; the owner
// takes it from there with the target ticket `onMerged` gets. Escape and Cancel leave
// everything as it was, except while the merge is on its way.
import { useId, useState } from 'react';
import { api } from '../api.js';
import { parseTicketNumber, mergeCandidates, mergeProblem } from '../ticketMerge.js';
import { StatusBadge } from './Badges.jsx';
import { Spinner } from './States.jsx';
import { useApi } from './useApi.js';
import { useDebounced } from './useDebounced.js';
import { useModalDialog } from './useModalDialog.js';

const LOOKUP_PAUSE_MS = 300;

// The customer's other tickets, one click to choose; they are the only ones that can be merged into.
function Candidates({ ticket, onPick }) {
  const list = useApi((signal) => api.listTickets({ author_id: ticket.author_id, limit: 20 }, { signal }), []);
  const username = ticket.author?.username ?? 'this customer';
  if (list.error) return <p className="muted">{username}’s other tickets could not be listed; type a number instead.</p>;
  if (list.loading && !list.data) return <p className="muted"><Spinner /> Looking for {username}’s other tickets…</p>;
  const candidates = mergeCandidates(list.data.items, ticket);
  if (candidates.length === 0) return <p className="muted">{username} has no other open tickets to merge into.</p>;
  return (
    <div className="merge-candidates">
      <p className="merge-candidates__title">Other tickets from {username}</p>
      <ul className="merge-candidates__list">
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            <button type="button" className="merge-candidates__pick" onClick={() => onPick(candidate.id)}>
              <span className="merge-candidates__id">#{candidate.id}</span> {candidate.title}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

// What the number typed stands for: the ticket with its author, why it cannot be the target, or that it does not exist.
function TargetPreview({ text, typed, lookedUp, error, target, problem }) {
  if (typed === null) return text.trim() ? <p className="field__error">Type a ticket number, such as 301.</p> : null;
  if (error && lookedUp === typed) {
    return <p className="field__error">{error.status === 404 ? `There is no ticket #${typed}.` : error.reason}</p>;
  }
  if (!target) return <p className="muted"><Spinner /> Looking up #{typed}…</p>;
  return (
    <>
      <div className="merge-target">
        <StatusBadge status={target.status} />
        <span className="merge-target__title"><span className="muted">#{target.id}</span> {target.title}</span>
        <span className="merge-target__author">from {target.author?.username}</span>
      </div>
      {problem && <p className="field__error">{problem}</p>}
    </>
  );
}

export function MergeDialog({ ticket, onCancel, onMerged }) {
  const dialog = useModalDialog();
  const id = useId();
  const [text, setText] = useState('');
  // The number looked up, once typing pauses (or at once on Enter or a pick).
  const [lookupId, setLookupId] = useState(null);
  const lookUpSoon = useDebounced(() => setLookupId(parseTicketNumber(text)), LOOKUP_PAUSE_MS);
  const lookup = useApi((signal) => (lookupId ? api.getTicket(lookupId, { signal }) : Promise.resolve(null)), [lookupId]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState(null);

  const typed = parseTicketNumber(text);
  // Only the answer for the number in the box counts, never an older one.
  const target = lookup.data && lookup.data.id === typed && !lookup.loading ? lookup.data : null;
  const problem = target ? mergeProblem(ticket, target) : null;
  const ready = Boolean(target) && !problem && !busy;

  function pick(targetId) {
    setText(String(targetId));
    setLookupId(targetId);
    setFailure(null);
  }

  // Enter or the button: looks the number up first if that has not happened yet.
  async function merge() {
    if (typed !== lookupId) {
      setLookupId(typed);
      return;
    }
    if (!ready) return;
    setBusy(true);
    setFailure(null);
    try {
      onMerged(await api.mergeTicket(ticket.id, target.id));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="modal merge-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          merge();
        }}
      >
        <h2 id={`${id}-title`} className="modal__title">Merge #{ticket.id} into another ticket</h2>
        <p id={`${id}-text`} className="merge-dialog__text">
          Its replies and screenshots move to the ticket you choose, and #{ticket.id} is closed with a note,
          visible to the customer, that points there. This cannot be undone.
        </p>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-target`}>Ticket number to merge into</label>
          <input
            id={`${id}-target`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            placeholder="e.g. 301"
            value={text}
            disabled={busy}
            aria-describedby={`${id}-target-status`}
            onChange={(event) => {
              setText(event.target.value);
              setFailure(null);
              lookUpSoon();
            }}
            // A form whose button is disabled ignores Enter; here Enter also looks up at once.
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              merge();
            }}
          />
        </div>
        <div id={`${id}-target-status`} className="merge-dialog__target" role="status">
          <TargetPreview
            text={text}
            typed={typed}
            lookedUp={lookupId}
            error={lookup.error}
            target={target}
            problem={problem}
          />
        </div>
        <Candidates ticket={ticket} onPick={pick} />
        {failure && <p className="field__error" role="alert">{failure.reason}</p>}
        <div className="modal__actions">
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={!ready}>
            {busy && <Spinner />} {target && !problem ? `Merge #${ticket.id} into #${target.id}` : 'Merge'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
