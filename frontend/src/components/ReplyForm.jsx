// The reply box under the conversation: a public reply or, for staff, an internal
// note, with screenshots attached to it, and for staff "Send and close" and canned replies.
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { statusLabels } from '../format.js';
import { COMMENT_MAX_LENGTH } from '../limits.js';
import { policies } from '../policies.js';
import { CannedReplyButton, SlashPicker } from './CannedReplyPicker.jsx';
import { TextField } from './Field.jsx';
import { FormError } from './FormStatus.jsx';
import { ImageDrop } from './ImageDrop.jsx';
import { sendReply } from './sendReply.js';
import { Spinner } from './States.jsx';
import { Switch } from './Switch.jsx';
import { UploadList } from './UploadList.jsx';
import { useCannedReplyPicker } from './useCannedReplyPicker.js';
import { requireFields, useForm } from './useForm.js';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.js';
import { useReplyAttachments } from './useReplyAttachments.js';
import { useTransientMessage } from './useTransientMessage.js';

// The reply was sent but the status change after it failed: say so, and offer to
// retry only the status change.
function StatusFailure({ failure, busy, onRetry }) {
  return (
    <div className="alert alert--warning" role="alert">
      Your reply was sent, but the ticket could not be set to {statusLabels[failure.status]}: {failure.error.reason}{' '}
      <button type="button" className="link-button" onClick={onRetry} disabled={busy}>
        Try the status change again
      </button>
    </div>
  );
}

// The reply was sent but some of its screenshots were not: each failed file shows its
// own reason in the list below; they can be tried again on that reply, or removed.
function AttachFailure({ count, busy, onRetry }) {
  return (
    <div className="alert alert--warning" role="alert">
      Your reply was sent, but {count === 1 ? '1 screenshot was' : `${count} screenshots were`} not attached.{' '}
      <button type="button" className="link-button" onClick={onRetry} disabled={busy}>
        Try attaching again
      </button>
    </div>
  );
}

// Staff may send a public reply and set the status in one go ("Send and close").
const statusActions = [
  { status: 'in_progress', label: 'Send and mark in progress' },
  { status: 'closed', label: 'Send and close' },
];

function replyPlaceholder(internal, cannedReplies) {
  const text = internal ? 'Notes for the team; the customer will not see this' : 'Write a reply…';
  return cannedReplies ? `${text} (type / for a canned reply)` : text;
}

function submitLabel(busy, internal, attachments) {
  if (busy && attachments.items.some((item) => item.state === 'uploading')) return 'Attaching screenshots…';
  return internal ? 'Add internal note' : 'Send reply';
}

// `onAdded(comment, ticket)` receives the new comment (and the ticket, when its status
// was set too); `onImageAdded(image)` each screenshot attached to a reply.
export function ReplyForm({ ticket, user, onAdded, onImageAdded, onTicketUpdated }) {
  const [internal, setInternal] = useState(false);
  const [statusFailure, setStatusFailure] = useState(null);
  const [retrying, setRetrying] = useState(false);
  const [confirmation, confirm] = useTransientMessage();
  const formElement = useRef(null);
  const textarea = useRef(null);
  const attachments = useReplyAttachments(ticket.id, onImageAdded);
  const canWriteInternal = policies.writeInternalNotes(user);
  const canAttach = policies.addImages(user, ticket);
  const actions = policies.triageTicket(user) && !internal
    ? statusActions.filter(({ status }) => status !== ticket.status)
    : [];
  useKeyboardShortcuts({ r: () => textarea.current?.focus() }, policies.keyboardShortcuts(user));

  const form = useForm({ text: '' }, {
    validate: requireFields({ text: 'Write something first.' }),
    onSubmit: async ({ text }, status) => {
      setStatusFailure(null);
      const comment = { text: text.trim(), internal: canWriteInternal && internal };
      const attach = attachments.waiting.length > 0 ? attachments.attach : undefined;
      const result = await sendReply(ticket.id, comment, status, attach);
      onAdded(result.comment, result.ticket);
      form.setValues({ text: '' });
      setInternal(false);
      if (result.statusError) setStatusFailure({ status, error: result.statusError });
      else if (result.ticket) confirm(`Reply sent; status changed to ${statusLabels[status]}`);
    },
  });
  // Staff pick canned replies by typing "/" in the box or with the "Canned replies" button.
  const picker = useCannedReplyPicker({
    enabled: policies.useCannedReplies(user),
    ticket,
    user,
    textarea,
    text: form.values.text,
    setText: (text) => form.change('text', text),
  });

  async function retryStatus() {
    setRetrying(true);
    try {
      onTicketUpdated(await api.updateTicket(ticket.id, { status: statusFailure.status }));
      confirm(`Status changed to ${statusLabels[statusFailure.status]}`);
      setStatusFailure(null);
    } catch (error) {
      setStatusFailure({ ...statusFailure, error });
    } finally {
      setRetrying(false);
    }
  }

  async function retryAttachments() {
    setRetrying(true);
    try {
      await attachments.retry();
    } finally {
      setRetrying(false);
    }
  }

  function onKeyDown(event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit(event);
  }

  const busy = form.busy || retrying;
  return (
    <form
      ref={formElement}
      className={`reply${internal ? ' reply--internal' : ''}`}
      onSubmit={form.submit}
      noValidate
    >
      <FormError error={form.error} />
      {statusFailure && <StatusFailure failure={statusFailure} busy={retrying} onRetry={retryStatus} />}
      {attachments.unattached.length > 0 && !form.busy && (
        <AttachFailure count={attachments.unattached.length} busy={busy} onRetry={retryAttachments} />
      )}
      <div className="canned-anchor">
        <TextField
          label={internal ? 'Internal note (agents and admins only)' : 'Reply'}
          multiline
          rows={4}
          maxLength={COMMENT_MAX_LENGTH}
          inputRef={textarea}
          {...form.bind('text')}
          {...picker.textareaProps({ onChange: form.bind('text').onChange, onKeyDown })}
          placeholder={replyPlaceholder(internal, picker.enabled)}
        />
        <SlashPicker picker={picker} />
      </div>
      {canAttach && (
        <>
          <ImageDrop
            onFiles={attachments.add}
            disabled={busy}
            label={internal ? 'Attach screenshots (agents and admins only)' : 'Attach screenshots'}
            pasteArea={formElement}
            compact
          />
          <UploadList items={attachments.items} onRemove={attachments.remove} />
        </>
      )}
      <div className="reply__actions canned-anchor">
        {canWriteInternal && <Switch checked={internal} onChange={setInternal} label="Internal note" />}
        {picker.enabled && <CannedReplyButton picker={picker} disabled={busy} />}
        <div className="reply__buttons">
          {actions.map(({ status, label }) => (
            <button
              key={status}
              type="button"
              className="button"
              disabled={busy}
              onClick={(event) => form.submit(event, status)}
            >
              {label}
            </button>
          ))}
          <button type="submit" className={`button ${internal ? 'button--internal' : 'button--primary'}`} disabled={busy}>
            {form.busy && <Spinner />} {submitLabel(form.busy, internal, attachments)}
          </button>
        </div>
      </div>
      <p className="confirmation live-region" role="status">{confirmation}</p>
    </form>
  );
}
