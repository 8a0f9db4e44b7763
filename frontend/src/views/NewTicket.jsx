import { useState } from 'react';
import { api } from '../api.jsx';
import { SelectField, TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { ImageDrop } from '../components/ImageDrop.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, Spinner } from '../components/States.jsx';
import { UploadList } from '../components/UploadList.jsx';
import { useUploadQueue } from '../components/useUploadQueue.js';
import { PRIORITIES, priorityLabels } from '../format.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';

const priorityOptions = PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }));

function progressLabel(phase, items) {
  if (phase === 'creating') return 'Creating ticket…';
  const total = items.length;
  const current = items.findIndex((item) => item.state === 'uploading') + 1;
  return `Uploading image ${Math.max(current, 1)} of ${total}…`;
}

// The ticket is created first; its images are uploaded afterwards, one by one.
export function NewTicket() {
  const [values, setValues] = useState({ title: '', description: '', priority: 'normal' });
  const [missing, setMissing] = useState({});
  const [error, setError] = useState(null);
  const [phase, setPhase] = useState('editing');
  const [ticket, setTicket] = useState(null);
  const queue = useUploadQueue();
  const fields = { ...error?.fields, ...missing };
  const busy = phase === 'creating' || phase === 'uploading';
  const update = (name) => (event) => setValues({ ...values, [name]: event.target.value });

  async function createTicket() {
    const empty = {};
    if (!values.title.trim()) empty.title = 'Give the ticket a short title.';
    if (!values.description.trim()) empty.description = 'Describe the problem.';
    setMissing(empty);
    if (Object.keys(empty).length > 0) return null;
    setPhase('creating');
    setError(null);
    try {
      const created = await api.createTicket({
        title: values.title.trim(),
        description: values.description.trim(),
        priority: values.priority,
      });
      setTicket(created);
      return created;
    } catch (failure) {
      setError(failure);
      setPhase('editing');
      return null;
    }
  }

  async function submit(event) {
    event.preventDefault();
    const target = ticket ?? (await createTicket());
    if (!target) return;
    setPhase('uploading');
    const pending = queue.items.filter((item) => item.state !== 'done');
    const uploaded = await queue.uploadAll(target.id, pending);
    if (uploaded.length === pending.length) {
      navigate(routes.ticket.href({ id: target.id }));
    } else {
      setPhase('partial');
    }
  }

  return (
    <div className="page page--narrow">
      <PageHeader title="New ticket" subtitle="Tell us what happened; screenshots help us help you faster." />
      <form className="form card card--padded" onSubmit={submit} noValidate>
        <FormError error={error} />
        {phase === 'partial' && (
          <Alert tone="warning">
            Ticket #{ticket.id} was created, but some images were not uploaded. Remove them or try again.{' '}
            <Link to={routes.ticket.href({ id: ticket.id })}>Go to the ticket</Link>
          </Alert>
        )}
        <TextField
          label="Title"
          name="title"
          maxLength={200}
          value={values.title}
          onChange={update('title')}
          error={fields.title}
          disabled={busy || Boolean(ticket)}
        />
        <TextField
          label="Description"
          name="description"
          multiline
          rows={7}
          value={values.description}
          onChange={update('description')}
          error={fields.description}
          disabled={busy || Boolean(ticket)}
        />
        <SelectField
          label="Priority"
          name="priority"
          options={priorityOptions}
          value={values.priority}
          onChange={update('priority')}
          error={fields.priority}
          disabled={busy || Boolean(ticket)}
          className="field--short"
        />
        <ImageDrop onFiles={queue.add} disabled={busy} />
        <UploadList items={queue.items} onRemove={queue.remove} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy && <Spinner />}
            {busy ? progressLabel(phase, queue.items) : ticket ? 'Retry upload' : 'Create ticket'}
          </button>
          {!busy && (
            <Link to={ticket ? routes.ticket.href({ id: ticket.id }) : routes.tickets.href()} className="button button--ghost">
              {ticket ? 'Skip images' : 'Cancel'}
            </Link>
          )}
        </div>
      </form>
    </div>
  );
}
