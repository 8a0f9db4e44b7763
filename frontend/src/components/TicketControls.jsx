// The ticket's side panel: workflow fields, people, dates and actions,
// each shown only to the roles allowed to use it. A change saves at once; its
// confirmation shows for a moment under the fields, a refusal stays by the control.
import { useState } from 'react';
import { api } from '../api.js';
import { PRIORITIES, STATUSES, priorityLabels, statusLabels } from '../format.js';
import { policies } from '../policies.js';
import { AssigneeSelect } from './AssigneeSelect.jsx';
import { PriorityBadge, StatusBadge } from './Badges.jsx';
import { ConfirmButton } from './ConfirmButton.jsx';
import { SelectField } from './Field.jsx';
import { MergeDialog } from './MergeDialog.jsx';
import { TimeAgo } from './TimeAgo.jsx';
import { useTransientMessage } from './useTransientMessage.js';

const statusOptions = STATUSES.map((value) => ({ value, label: statusLabels[value] }));
const priorityOptions = PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }));
const workflowFields = [
  { field: 'status', label: 'Status', options: statusOptions },
  { field: 'priority', label: 'Priority', options: priorityOptions },
];

// What a saved change did, in words: "Status changed to Closed", "Assigned to alex".
export function describeChange(field, ticket) {
  if (field === 'status') return `Status changed to ${statusLabels[ticket.status]}`;
  if (field === 'priority') return `Priority changed to ${priorityLabels[ticket.priority]}`;
  return ticket.assignee ? `Assigned to ${ticket.assignee.username}` : 'Unassigned';
}

function Detail({ term, children }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

// "Merge into…" and its dialog; `onMerged` gets the ticket this one was merged into.
function MergeAction({ ticket, onMerged }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="merge-action">
      <button type="button" className="button button--block" onClick={() => setOpen(true)}>Merge into…</button>
      {open && <MergeDialog ticket={ticket} onCancel={() => setOpen(false)} onMerged={onMerged} />}
    </div>
  );
}

export function TicketControls({ ticket, user, onUpdated, onDeleted, onMerged }) {
  const [saving, setSaving] = useState(false);
  // { field, error } of the last change, when the server refused it
  const [failure, setFailure] = useState(null);
  const [confirmation, confirm] = useTransientMessage();
  const triage = policies.triageTicket(user);
  const errorFor = (field) => (failure?.field === field ? failure.error.reason : undefined);

  // `field` is 'status', 'priority' or 'assignee'.
  async function change(field, changes) {
    setSaving(true);
    setFailure(null);
    confirm('');
    try {
      const updated = await api.updateTicket(ticket.id, changes);
      onUpdated(updated);
      confirm(describeChange(field, updated));
    } catch (error) {
      setFailure({ field, error });
    } finally {
      setSaving(false);
    }
  }

  const confirmationRegion = <p className="confirmation live-region" role="status">{confirmation}</p>;

  async function remove() {
    await api.deleteTicket(ticket.id);
    onDeleted();
  }

  return (
    <section className="card card--padded side-card" aria-labelledby="ticket-details-title">
      <h2 id="ticket-details-title" className="side-card__title">Details</h2>
      {triage && (
        <div className="side-card__fields">
          {workflowFields.map(({ field, label, options }) => (
            <SelectField
              key={field}
              label={label}
              options={options}
              value={ticket[field]}
              disabled={saving}
              error={errorFor(field)}
              errorRole="alert"
              onChange={(event) => change(field, { [field]: event.target.value })}
            />
          ))}
          <AssigneeSelect
            ticket={ticket}
            user={user}
            disabled={saving}
            error={errorFor('assignee')}
            onAssign={(assigneeId) => change('assignee', { assignee_id: assigneeId })}
          />
          {confirmationRegion}
        </div>
      )}
      <dl className="details">
        {!triage && <Detail term="Status"><StatusBadge status={ticket.status} /></Detail>}
        {!triage && <Detail term="Priority"><PriorityBadge priority={ticket.priority} /></Detail>}
        {!triage && (
          <Detail term="Assignee">{ticket.assignee?.username ?? <span className="muted">Not yet assigned</span>}</Detail>
        )}
        <Detail term="Author">{ticket.author?.username}</Detail>
        <Detail term="Opened"><TimeAgo iso={ticket.created_at} /></Detail>
        <Detail term="Updated"><TimeAgo iso={ticket.updated_at} /></Detail>
      </dl>
      {!triage && policies.closeOrReopenTicket(user, ticket) && (
        <div>
          <button
            type="button"
            className="button button--block"
            disabled={saving}
            onClick={() => change('status', { status: ticket.status === 'closed' ? 'open' : 'closed' })}
          >
            {ticket.status === 'closed' ? 'Reopen ticket' : 'Close ticket'}
          </button>
          {errorFor('status') && <p className="field__error" role="alert">{errorFor('status')}</p>}
          {confirmationRegion}
        </div>
      )}
      {policies.mergeTicket(user, ticket) && <MergeAction ticket={ticket} onMerged={onMerged} />}
      {policies.deleteTicket(user) && (
        <div className="side-card__danger">
          <ConfirmButton
            question={`Delete ticket #${ticket.id} with its comments and images? This cannot be undone.`}
            confirmLabel="Delete ticket"
            onConfirm={remove}
          >
            Delete ticket
          </ConfirmButton>
        </div>
      )}
    </section>
  );
}
