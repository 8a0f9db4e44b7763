// Agents and admins a ticket can be given to, from GET /api/users?role=agent and ?role=admin.
import { useId } from 'react';
import { api } from '../api.js';
import { useApi } from './useApi.js';

export async function loadAssignees(signal) {
  const [agents, admins] = await Promise.all([api.listUsers('agent', { signal }), api.listUsers('admin', { signal })]);
  return [...agents.items, ...admins.items].sort((a, b) => a.username.localeCompare(b.username));
}

// `error`: why the last assignment was refused, shown by the control.
export function AssigneeSelect({ ticket, user, disabled, error: assignError, onAssign }) {
  const id = useId();
  const { data: people, error, loading, reload } = useApi(loadAssignees, []);
  const options = [...(people ?? [])];
  if (ticket.assignee && !options.some((person) => person.id === ticket.assignee.id)) {
    options.push(ticket.assignee);
  }

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>Assignee</label>
      <select
        id={id}
        className="input select"
        aria-invalid={assignError ? 'true' : undefined}
        aria-describedby={assignError ? `${id}-error` : undefined}
        value={ticket.assignee_id ?? ''}
        disabled={disabled || loading}
        onChange={(event) => onAssign(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">Unassigned</option>
        {options.map((person) => (
          <option key={person.id} value={person.id}>
            {person.username}{person.id === user.id ? ' (me)' : ''}
          </option>
        ))}
      </select>
      {assignError && <p className="field__error" id={`${id}-error`} role="alert">{assignError}</p>}
      {error && (
        <p className="field__error" role="alert">
          {error.reason} <button type="button" className="link-button" onClick={reload}>Retry</button>
        </p>
      )}
      {ticket.assignee_id !== user.id && (
        <button type="button" className="link-button field__aside" disabled={disabled} onClick={() => onAssign(user.id)}>
          Assign to me
        </button>
      )}
    </div>
  );
}
