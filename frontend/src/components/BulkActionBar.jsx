// One change for every ticked ticket of the list: status, priority, assignee, a tag
// to add or remove. Nothing is sent until Apply (a select moved by an arrow key must
// not change fifty tickets); the server applies it to all of them or to none, so a
// refusal keeps the selection for another try.
import { useId, useState } from 'react';
import { api } from '../api.js';
import { BULK_MAX_TICKETS, bulkChanges, describeBulkChange, tagsOf } from '../bulkChanges.js';
import { PRIORITIES, STATUSES, priorityLabels, statusLabels } from '../format.js';
import { normalizeTag, tagProblem } from '../ticketTags.js';
import { loadAssignees } from './AssigneeSelect.jsx';
import { TagInput } from './TagInput.jsx';
import { useApi } from './useApi.js';

const noChoices = { status: '', priority: '', assignee: '', addTag: '', removeTag: '' };

function ChoiceSelect({ label, value, onChange, disabled, children }) {
  const id = useId();
  return (
    <div className="bulk-bar__field">
      <label htmlFor={id} className="filters__label">{label}</label>
      <select id={id} className="input select" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        <option value="">No change</option>
        {children}
      </select>
    </div>
  );
}

function AssigneeChoice({ value, onChange, user }) {
  const { data: people, error, reload } = useApi(loadAssignees, []);
  return (
    <>
      <ChoiceSelect label="Assign to" value={value} onChange={onChange}>
        <option value={user.id}>Me ({user.username})</option>
        <option value="none">Unassigned</option>
        {(people ?? []).filter((person) => person.id !== user.id).map((person) => (
          <option key={person.id} value={person.id}>{person.username}</option>
        ))}
      </ChoiceSelect>
      {error && (
        <p className="field__error" role="alert">
          Other agents could not be loaded. <button type="button" className="link-button" onClick={reload}>Retry</button>
        </p>
      )}
    </>
  );
}

function AddTagChoice({ value, onChange, problem }) {
  const id = useId();
  return (
    <div className="bulk-bar__field">
      <label htmlFor={id} className="filters__label">Add tag</label>
      <TagInput
        id={id}
        value={value}
        onChange={onChange}
        onChoose={onChange}
        placeholder="Tag"
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      {problem && <p className="field__error" id={`${id}-problem`}>{problem}</p>}
    </div>
  );
}

// The server's reason, with what it said about each field.
function refusal(error) {
  const details = Object.values(error.fields ?? {}).join(' ');
  return details ? `${error.reason} ${details}` : error.reason;
}

// `tickets`: the ticked ones. `onApplied(items, message)` gets the tickets as the server
// now has them and the sentence that confirms the change.
export function BulkActionBar({ tickets, user, onApplied, onClear }) {
  const [choices, setChoices] = useState(noChoices);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  // A tag to remove must be on one of the ticked tickets (the selection may have changed).
  const removable = tagsOf(tickets);
  const removeTag = removable.includes(choices.removeTag) ? choices.removeTag : '';
  const changes = bulkChanges({ ...choices, removeTag });
  const nothingChosen = Object.keys(changes).length === 0;
  const addTag = normalizeTag(choices.addTag);
  const tagError = addTag ? tagProblem(addTag, []) : null;
  const tooMany = tickets.length > BULK_MAX_TICKETS;
  const blocked = busy || nothingChosen || tooMany || Boolean(tagError);
  const choose = (field) => (value) => {
    setChoices((previous) => ({ ...previous, [field]: value }));
    setError(null);
  };

  async function apply(event) {
    event.preventDefault();
    if (blocked) return;
    setBusy(true);
    setError(null);
    try {
      const { items } = await api.bulkUpdateTickets(tickets.map((ticket) => ticket.id), changes);
      setBusy(false);
      onApplied(items, describeBulkChange(changes, items.length, items[0]?.assignee?.username));
    } catch (failure) {
      setBusy(false);
      setError(failure);
    }
  }

  return (
    <form className="bulk-bar" aria-label="Change selected tickets" onSubmit={apply} aria-busy={busy}>
      <p className="bulk-bar__count">
        <strong>{tickets.length} selected</strong>
        <button type="button" className="link-button" onClick={onClear}>Clear selection</button>
      </p>
      <div className="bulk-bar__fields">
        <ChoiceSelect label="Set status" value={choices.status} onChange={choose('status')}>
          {STATUSES.map((status) => <option key={status} value={status}>{statusLabels[status]}</option>)}
        </ChoiceSelect>
        <ChoiceSelect label="Set priority" value={choices.priority} onChange={choose('priority')}>
          {PRIORITIES.map((priority) => <option key={priority} value={priority}>{priorityLabels[priority]}</option>)}
        </ChoiceSelect>
        <AssigneeChoice value={choices.assignee} onChange={choose('assignee')} user={user} />
        <AddTagChoice value={choices.addTag} onChange={choose('addTag')} problem={tagError} />
        <ChoiceSelect label="Remove tag" value={removeTag} onChange={choose('removeTag')} disabled={removable.length === 0}>
          {removable.map((tag) => <option key={tag} value={tag}>{tag}</option>)}
        </ChoiceSelect>
        <button type="submit" className="button button--primary" disabled={blocked}>
          {busy ? 'Applying…' : `Apply to ${tickets.length}`}
        </button>
      </div>
      {tooMany && (
        <p className="field__error">
          One change can take at most {BULK_MAX_TICKETS} tickets: untick {tickets.length - BULK_MAX_TICKETS}.
        </p>
      )}
      {error && <p className="field__error" role="alert">Nothing was changed: {refusal(error)}</p>}
    </form>
  );
}
