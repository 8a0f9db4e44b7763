// The conversation on a ticket, oldest first, and the reply box.
import { useId, useState } from 'react';
import { api } from '../api.js';
import { COMMENT_MAX_LENGTH } from '../limits.js';
import { policies } from '../policies.js';
import { RoleBadge } from './Badges.jsx';
import { Icon } from './Icon.jsx';
import { TextField } from './Field.jsx';
import { FormError } from './FormStatus.jsx';
import { ErrorState, Loading, Spinner } from './States.jsx';
import { TimeAgo } from './TimeAgo.jsx';
import { useApi } from './useApi.js';
import { requireFields, useForm } from './useForm.js';

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
        <p className="comment__text">{comment.text}</p>
      </div>
    </li>
  );
}

function ReplyForm({ ticket, user, onAdded }) {
  const switchId = useId();
  const [internal, setInternal] = useState(false);
  const canWriteInternal = policies.writeInternalNotes(user);
  const form = useForm({ text: '' }, {
    validate: requireFields({ text: 'Write something first.' }),
    onSubmit: async ({ text }) => {
      onAdded(await api.addComment(ticket.id, { text: text.trim(), internal: canWriteInternal && internal }));
      form.setValues({ text: '' });
      setInternal(false);
    },
  });

  function onKeyDown(event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit(event);
  }

  return (
    <form className={`reply${internal ? ' reply--internal' : ''}`} onSubmit={form.submit} noValidate>
      <FormError error={form.error} />
      <TextField
        label={internal ? 'Internal note (agents and admins only)' : 'Reply'}
        multiline
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        {...form.bind('text')}
        onKeyDown={onKeyDown}
        placeholder={internal ? 'Notes for the team; the customer will not see this' : 'Write a reply…'}
      />
      <div className="reply__actions">
        {canWriteInternal && (
          <label className="switch" htmlFor={switchId}>
            <input
              id={switchId}
              type="checkbox"
              role="switch"
              className="switch__input"
              checked={internal}
              onChange={(event) => setInternal(event.target.checked)}
            />
            <span className="switch__track" aria-hidden="true" />
            <span>Internal note</span>
          </label>
        )}
        <button type="submit" className={`button ${internal ? 'button--internal' : 'button--primary'}`} disabled={form.busy}>
          {form.busy && <Spinner />} {internal ? 'Add internal note' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}

export function CommentsPanel({ ticket, user }) {
  const comments = useApi((signal) => api.listComments(ticket.id, { signal }), [ticket.id]);
  const visible = (comments.data?.items ?? []).filter((comment) => !comment.internal || policies.seeInternalNotes(user));
  const addComment = (comment) => comments.setData((data) => ({ items: [...(data?.items ?? []), comment] }));

  let thread;
  if (comments.error) {
    thread = <ErrorState title="The conversation could not be loaded" error={comments.error} onRetry={comments.reload} />;
  } else if (comments.loading && !comments.data) {
    thread = <Loading label="Loading conversation…" />;
  } else if (visible.length === 0) {
    thread = <p className="panel__empty">No replies yet.</p>;
  } else {
    thread = (
      <ol className="thread">
        {visible.map((comment) => <Comment key={comment.id} comment={comment} />)}
      </ol>
    );
  }

  return (
    <section className="card panel" aria-labelledby="conversation-title">
      <h2 id="conversation-title" className="panel__title">
        Conversation {comments.data && <span className="count">{visible.length}</span>}
      </h2>
      {thread}
      <ReplyForm ticket={ticket} user={user} onAdded={addComment} />
    </section>
  );
}
