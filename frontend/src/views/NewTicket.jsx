import { useState } from 'react';
import { api } from '../api.js';
import { SelectField, TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { ImageDrop } from '../components/ImageDrop.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, Spinner } from '../components/States.jsx';
import { UploadList } from '../components/UploadList.jsx';
import { requireFields, useForm } from '../components/useForm.js';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { useUploadQueue } from '../components/useUploadQueue.js';
import { PRIORITIES, priorityLabels } from '../format.js';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../limits.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';

const priorityOptions = PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }));

function progressLabel(ticket, items) {
  if (!ticket) return 'Creating ticket…';
  const total = items.length;
  const current = items.findIndex((item) => item.state === 'uploading') + 1;
  return `Uploading image ${Math.max(current, 1)} of ${total}…`;
}

const required = requireFields({ title: 'Give the ticket a short title.', description: 'Describe the problem.' });

// The ticket is created first; its images are uploaded afterwards, one by one.
// Once it exists, submitting again only retries the images that did not upload.
export function NewTicket() {
  useDocumentTitle('New ticket');
  const [ticket, setTicket] = useState(null);
  const queue = useUploadQueue();
  const form = useForm({ title: '', description: '', priority: 'normal' }, {
    validate: required,
    onSubmit: async (values) => {
      let target = ticket;
      if (!target) {
        target = await api.createTicket({
          title: values.title.trim(),
          description: values.description.trim(),
          priority: values.priority,
        });
        setTicket(target);
      }
      const pending = queue.items.filter((item) => item.state !== 'done');
      const uploaded = await queue.uploadAll(target.id, pending);
      if (uploaded.length === pending.length) navigate(routes.ticket.href({ id: target.id }));
    },
  });
  // Success leaves the page, so a created ticket on an idle form means some images failed.
  const partial = Boolean(ticket) && !form.busy;
  const locked = form.busy || Boolean(ticket);

  return (
    <div className="page page--narrow">
      <PageHeader title="New ticket" subtitle="Tell us what happened; screenshots help us help you faster." />
      <form className="form card card--padded" onSubmit={form.submit} noValidate>
        <FormError error={form.error} />
        {partial && (
          <Alert tone="warning">
            Ticket #{ticket.id} was created, but some images were not uploaded. Remove them or try again.{' '}
            <Link to={routes.ticket.href({ id: ticket.id })}>Go to the ticket</Link>
          </Alert>
        )}
        <TextField label="Title" maxLength={TITLE_MAX_LENGTH} {...form.bind('title')} disabled={locked} />
        <TextField
          label="Description"
          multiline
          rows={7}
          maxLength={DESCRIPTION_MAX_LENGTH}
          {...form.bind('description')}
          disabled={locked}
        />
        <SelectField
          label="Priority"
          options={priorityOptions}
          {...form.bind('priority')}
          disabled={locked}
          className="field--short"
        />
        <ImageDrop onFiles={queue.add} disabled={form.busy} />
        <UploadList items={queue.items} onRemove={queue.remove} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {form.busy && <Spinner />}
            {form.busy ? progressLabel(ticket, queue.items) : ticket ? 'Retry upload' : 'Create ticket'}
          </button>
          {!form.busy && (
            <Link to={ticket ? routes.ticket.href({ id: ticket.id }) : routes.tickets.href()} className="button button--ghost">
              {ticket ? 'Skip images' : 'Cancel'}
            </Link>
          )}
        </div>
      </form>
    </div>
  );
}
