// The ticket's side panel: workflow fields, people, dates and actions,
// each shown only to the roles allowed to use it.
import { useState } from 'react';
import { api } from '../api.js';
import { PRIORITIES, STATUSES, priorityLabels, statusLabels } from '../format.js';
import { policies } from '../policies.js';
import { AssigneeSelect } from './AssigneeSelect.jsx';
import { PriorityBadge, StatusBadge } from './Badges.jsx';
import { ConfirmButton } from './ConfirmButton.jsx';
import { SelectField } from './Field.jsx';
import { Alert } from './States.jsx';
import { TimeAgo } from './TimeAgo.jsx';

const statusOptions = STATUSES.map((value) => ({ value, label: statusLabels[value] }));
const priorityOptions = PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }));
const workflowFields = [
  { field: 'status', label: 'Status', options: statusOptions },
  { field: 'priority', label: 'Priority', options: priorityOptions },
];

function Detail({ term, children }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function TicketControls({ ticket, user, onUpdated, onDeleted }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const triage = policies.triageTicket(user);

  async function change(changes, what) {
    setSaving(true);
    setError(null);
    setSaved('');
    try {
      onUpdated(await api.updateTicket(ticket.id, changes));
      setSaved(`${what} saved.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    await api.deleteTicket(ticket.id);
    onDeleted();
  }

  return (
    <section className="card card--padded side-card" aria-labelledby="ticket-details-title">
      <h2 id="ticket-details-title" className="side-card__title">Details</h2>
      {error && <Alert>{error.reason}</Alert>}
      {triage && (
        <div className="side-card__fields">
          {workflowFields.map(({ field, label, options }) => (
            <SelectField
              key={field}
              label={label}
              options={options}
              value={ticket[field]}
              disabled={saving}
              onChange={(event) => change({ [field]: event.target.value }, label)}
            />
          ))}
          <AssigneeSelect
            ticket={ticket}
            user={user}
            disabled={saving}
            onAssign={(assigneeId) => change({ assignee_id: assigneeId }, 'Assignee')}
          />
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
      <p className="visually-hidden" role="status">{saved}</p>
      {!triage && policies.closeOrReopenTicket(user, ticket) && (
        <button
          type="button"
          className="button button--block"
          disabled={saving}
          onClick={() => change({ status: ticket.status === 'closed' ? 'open' : 'closed' }, 'Status')}
        >
          {ticket.status === 'closed' ? 'Reopen ticket' : 'Close ticket'}
        </button>
      )}
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
