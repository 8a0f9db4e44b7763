import { useState } from 'react';
import { api } from '../api.js';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../limits.js';
import { changedWhileEditing } from '../liveMerge.js';
import { TextField } from './Field.jsx';
import { FormError } from './FormStatus.jsx';
import { Spinner } from './States.jsx';
import { requireFields, useForm } from './useForm.js';

const required = requireFields({ title: 'The ticket needs a title.', description: 'Describe the problem.' });

// `ticket` keeps changing while the form is open (live updates); what is typed stays,
// and a note says when someone else changed the text meanwhile.
export function TicketEditForm({ ticket, onSaved, onCancel }) {
  const [opened] = useState(ticket);
  const form = useForm({ title: ticket.title, description: ticket.description }, {
    validate: required,
    onSubmit: async ({ title, description }) => {
      onSaved(await api.updateTicket(ticket.id, { title: title.trim(), description: description.trim() }));
    },
  });

  return (
    <form className="form ticket-edit" onSubmit={form.submit} noValidate>
      <FormError error={form.error} />
      <div className="live-region" role="status">
        {changedWhileEditing(opened, ticket, form.values) && (
          <p className="alert alert--warning">
            Updated by someone else while you were editing. Saving replaces their title and description with yours.
          </p>
        )}
      </div>
      {/* Opening the form (the Edit button or "e") takes the user straight into it. */}
      <TextField label="Title" maxLength={TITLE_MAX_LENGTH} {...form.bind('title')} autoFocus />
      <TextField label="Description" multiline rows={6} maxLength={DESCRIPTION_MAX_LENGTH} {...form.bind('description')} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy && <Spinner />} Save changes
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={form.busy}>Cancel</button>
      </div>
    </form>
  );
}
