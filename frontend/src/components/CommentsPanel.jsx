// The conversation on a ticket, oldest first, and the reply box. Staff also see
// the ticket's history between the replies, and may hide it.
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { statusLabels } from '../format.js';
import { historyText, timeline } from '../history.js';
import { COMMENT_MAX_LENGTH } from '../limits.js';
import { policies } from '../policies.js';
import { RoleBadge } from './Badges.jsx';
import { Icon } from './Icon.jsx';
import { TextField } from './Field.jsx';
import { FormError } from './FormStatus.jsx';
import { LinkedText } from './LinkedText.jsx';
import { sendReply } from './sendReply.js';
import { ErrorState, Loading, Spinner } from './States.jsx';
import { TimeAgo } from './TimeAgo.jsx';
import { useApi } from './useApi.js';
import { Switch } from './Switch.jsx';
import { requireFields, useForm } from './useForm.js';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.js';
import { useStoredFlag } from './useStoredFlag.js';
import { useTransientMessage } from './useTransientMessage.js';

const SHOW_HISTORY_KEY = 'helpdesk.showHistory';

function Comment({ comment }) {
  const role = comment.author?.role;
  return (
    <li className={`comment${comment.internal ? ' comment--internal' : ''}`}>
      <span className={`avatar avatar--${role}`} aria-hidden="true">
        {(comment.author?.username ?? '?').slice(0, 1).toUpperCase()}
      </span>
      <div className="comment__body">
        <div className="comment__header">
          <strong className="comment__author">{comment.author?.username ?? 'unknown'}</strong>
          {role && role !== 'customer' && <RoleBadge role={role} />}
          {comment.internal && (
            <span className="badge badge--internal"><Icon name="lock" className="badge__icon" />Internal note</span>
          )}
          <span className="comment__time"><TimeAgo iso={comment.created_at} /></span>
        </div>
        <p className="comment__text"><LinkedText text={comment.text} /></p>
      </div>
    </li>
  );
}

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

// Staff may send a public reply and set the status in one go ("Send and close").
const statusActions = [
  { status: 'in_progress', label: 'Send and mark in progress' },
  { status: 'closed', label: 'Send and close' },
];

function ReplyForm({ ticket, user, onAdded, onTicketUpdated }) {
  const [internal, setInternal] = useState(false);
  const [statusFailure, setStatusFailure] = useState(null);
  const [retrying, setRetrying] = useState(false);
  const [confirmation, confirm] = useTransientMessage();
  const textarea = useRef(null);
  const canWriteInternal = policies.writeInternalNotes(user);
  const actions = policies.triageTicket(user) && !internal
    ? statusActions.filter(({ status }) => status !== ticket.status)
    : [];
  useKeyboardShortcuts({ r: () => textarea.current?.focus() }, policies.keyboardShortcuts(user));

  const form = useForm({ text: '' }, {
    validate: requireFields({ text: 'Write something first.' }),
    onSubmit: async ({ text }, status) => {
      setStatusFailure(null);
      const comment = { text: text.trim(), internal: canWriteInternal && internal };
      const result = await sendReply(ticket.id, comment, status);
      onAdded(result.comment, result.ticket);
      form.setValues({ text: '' });
      setInternal(false);
      if (result.statusError) setStatusFailure({ status, error: result.statusError });
      else if (result.ticket) confirm(`Reply sent; status changed to ${statusLabels[status]}`);
    },
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

  function onKeyDown(event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit(event);
  }

  return (
    <form className={`reply${internal ? ' reply--internal' : ''}`} onSubmit={form.submit} noValidate>
      <FormError error={form.error} />
      {statusFailure && <StatusFailure failure={statusFailure} busy={retrying} onRetry={retryStatus} />}
      <TextField
        label={internal ? 'Internal note (agents and admins only)' : 'Reply'}
        multiline
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        inputRef={textarea}
        {...form.bind('text')}
        onKeyDown={onKeyDown}
        placeholder={internal ? 'Notes for the team; the customer will not see this' : 'Write a reply…'}
      />
      <div className="reply__actions">
        {canWriteInternal && <Switch checked={internal} onChange={setInternal} label="Internal note" />}
        <div className="reply__buttons">
          {actions.map(({ status, label }) => (
            <button
              key={status}
              type="button"
              className="button"
              disabled={form.busy}
              onClick={(event) => form.submit(event, status)}
            >
              {label}
            </button>
          ))}
          <button type="submit" className={`button ${internal ? 'button--internal' : 'button--primary'}`} disabled={form.busy}>
            {form.busy && <Spinner />} {internal ? 'Add internal note' : 'Send reply'}
          </button>
        </div>
      </div>
      <p className="confirmation live-region" role="status">{confirmation}</p>
    </form>
  );
}

function HistoryLine({ entry }) {
  return (
    <li className="history-line">
      <span className="history-line__dot" aria-hidden="true" />
      <p className="history-line__text">
        {historyText(entry)} <span aria-hidden="true">·</span> <TimeAgo iso={entry.created_at} />
      </p>
    </li>
  );
}

function HistorySwitch({ checked, onChange }) {
  return <Switch checked={checked} onChange={onChange} label="Show history" className="panel__aside" />;
}

// Why the history is missing, without hiding the conversation.
function HistoryStatus({ history }) {
  if (history.error) {
    return (
      <p className="history-status" role="alert">
        The history could not be loaded: {history.error.reason}{' '}
        <button type="button" className="link-button" onClick={history.reload}>Try again</button>
      </p>
    );
  }
  if (history.loading && !history.data) return <p className="history-status" role="status">Loading history…</p>;
  return null;
}

// Customers are never sent to ask for the history: it is a 403 for them.
// `activity` changes when something the ticket data does not show (an image) was added or deleted.
function useTicketHistory(ticket, user, activity) {
  const allowed = policies.seeHistory(user);
  return useApi(
    (signal) => (allowed ? api.ticketHistory(ticket.id, { signal }) : Promise.resolve(null)),
    [ticket.id, ticket.updated_at, activity, allowed],
  );
}

// `onReplied` lets the page refresh the ticket, whose status or SLA a reply may change;
// `onTicketUpdated` receives the ticket after a reply that also set its status.
export function CommentsPanel({ ticket, user, activity = 0, onReplied, onTicketUpdated }) {
  const comments = useApi((signal) => api.listComments(ticket.id, { signal }), [ticket.id]);
  const history = useTicketHistory(ticket, user, activity);
  const [showHistory, setShowHistory] = useStoredFlag(SHOW_HISTORY_KEY, true);
  const canSeeHistory = policies.seeHistory(user);
  const visible = (comments.data?.items ?? []).filter((comment) => !comment.internal || policies.seeInternalNotes(user));
  const shownHistory = canSeeHistory && showHistory ? history.data?.items ?? [] : [];
  const entries = timeline(visible, shownHistory);
  const addComment = (comment, updatedTicket) => {
    comments.setData((data) => ({ items: [...(data?.items ?? []), comment] }));
    if (updatedTicket) onTicketUpdated(updatedTicket);
    else onReplied?.();
  };

  let thread;
  if (comments.error) {
    thread = <ErrorState title="The conversation could not be loaded" error={comments.error} onRetry={comments.reload} />;
  } else if (comments.loading && !comments.data) {
    thread = <Loading label="Loading conversation…" />;
  } else if (entries.length === 0) {
    thread = <p className="panel__empty">No replies yet.</p>;
  } else {
    thread = (
      <ol className="thread">
        {entries.map((item) => (item.kind === 'comment'
          ? <Comment key={item.key} comment={item.comment} />
          : <HistoryLine key={item.key} entry={item.entry} />))}
      </ol>
    );
  }

  return (
    <section className="card panel" aria-labelledby="conversation-title">
      <div className="panel__header">
        <h2 id="conversation-title" className="panel__title">
          Conversation {comments.data && <span className="count">{visible.length}</span>}
        </h2>
        {canSeeHistory && <HistorySwitch checked={showHistory} onChange={setShowHistory} />}
      </div>
      {canSeeHistory && showHistory && <HistoryStatus history={history} />}
      {thread}
      <ReplyForm ticket={ticket} user={user} onAdded={addComment} onTicketUpdated={onTicketUpdated} />
    </section>
  );
}
