// The canned replies page (staff): your own replies and the shared ones, with forms to
// add, change and delete them. Agents see the shared ones read-only; admins manage them
// and decide what is shared.
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.js';
import {
  PLACEHOLDERS, cannedReplyForm, cannedReplyRequest, emptyCannedReply, sortByTitle, validateCannedReply,
} from '../cannedReplies.js';
import { SharedBadge } from '../components/CannedReplyPicker.jsx';
import { ConfirmButton } from '../components/ConfirmButton.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, EmptyState, ErrorState, Loading, Spinner } from '../components/States.jsx';
import { Switch } from '../components/Switch.jsx';
import { useApi } from '../components/useApi.js';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { useForm } from '../components/useForm.js';
import { policies } from '../policies.js';

function PlaceholderHelp() {
  return (
    <section className="card card--padded canned-help" aria-labelledby="canned-help-title">
      <h2 id="canned-help-title" className="section-title">Placeholders</h2>
      <p className="muted">
        Type <kbd>/</kbd> in a ticket’s reply box, or use its “Canned replies” button, to put a reply in.
        These placeholders are filled in as it goes in:
      </p>
      <dl className="canned-help__list">
        {PLACEHOLDERS.map(({ name, description }) => (
          <div key={name} className="canned-help__item">
            <dt><code>{`{{${name}}}`}</code></dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Anything else in double braces is left as it is.</p>
    </section>
  );
}

// Adds a reply (no `reply`) or changes one. `onSaved(saved, added)` receives the server's answer.
function CannedReplyForm({ reply, canShare, onSaved, onCancel }) {
  const titleId = useId();
  const sharedHintId = useId();
  const form = useForm(reply ? cannedReplyForm(reply) : emptyCannedReply, {
    validate: validateCannedReply,
    async onSubmit(values) {
      const body = cannedReplyRequest(values, { canShare });
      onSaved(reply ? await api.updateCannedReply(reply.id, body) : await api.createCannedReply(body), !reply);
    },
  });
  const heading = reply ? `Edit “${reply.title}”` : 'New canned reply';
  return (
    <form className="form card card--padded canned-form" onSubmit={form.submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">{heading}</h2>
      <FormError error={form.error} />
      <TextField label="Title" autoComplete="off" autoFocus hint="Shown in the picker; typing part of it after / finds the reply." {...form.bind('title')} />
      <TextField
        label="Text"
        multiline
        rows={8}
        hint="Placeholders such as {{customer.username}} are filled in when the reply is used."
        {...form.bind('body')}
      />
      {canShare && (
        <div className="field">
          <Switch
            checked={form.values.shared}
            onChange={(shared) => form.change('shared', shared)}
            label="Shared with the team"
            describedBy={sharedHintId}
          />
          <p className="field__hint" id={sharedHintId}>Every agent and admin can use a shared reply; only admins can change it.</p>
        </div>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy && <Spinner />} {reply ? 'Save changes' : 'Add canned reply'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={form.busy}>Cancel</button>
      </div>
    </form>
  );
}

function CannedReplyItem({ reply, editable, onEdit, onDelete }) {
  const titleId = useId();
  return (
    <li id={`canned-reply-${reply.id}`} className="card card--padded canned-item" aria-labelledby={titleId} tabIndex={-1}>
      <div className="canned-item__header">
        <h2 id={titleId} className="canned-item__title">{reply.title}</h2>
        {reply.shared && <SharedBadge />}
      </div>
      <p className="canned-item__body">{reply.body}</p>
      {editable ? (
        <div className="canned-item__actions">
          <button type="button" className="button button--small" onClick={onEdit}>
            Edit<span className="visually-hidden"> {reply.title}</span>
          </button>
          <ConfirmButton
            className="button button--small button--danger-ghost"
            question={`Delete “${reply.title}”?`}
            confirmLabel="Delete"
            onConfirm={onDelete}
          >
            Delete<span className="visually-hidden"> {reply.title}</span>
          </ConfirmButton>
        </div>
      ) : (
        <p className="muted canned-item__note">Shared by an admin: you can use it, but not change it.</p>
      )}
    </li>
  );
}

export function CannedReplies({ user }) {
  useDocumentTitle('Canned replies');
  const list = useApi((signal) => api.listCannedReplies({}, { signal }), []);
  // 'new', the id of the reply being changed, or null.
  const [editing, setEditing] = useState(null);
  const [notice, setNotice] = useState(null);
  // Where focus goes once the list shows a change: a reply's id, or 'new' for the add button.
  const [focusAfter, setFocusAfter] = useState(null);
  const addButton = useRef(null);
  const canShare = policies.shareCannedReplies(user);
  const replies = sortByTitle(list.data?.items ?? []);

  useEffect(() => {
    if (focusAfter === null) return;
    setFocusAfter(null);
    const target = focusAfter === 'new' ? addButton.current : globalThis.document.getElementById(`canned-reply-${focusAfter}`);
    target?.focus();
  }, [focusAfter]);

  function startEditing(target) {
    setEditing(target);
    setNotice(null);
  }

  function saved(reply, added) {
    list.setData((data) => ({ ...data, items: [...(data?.items ?? []).filter((item) => item.id !== reply.id), reply] }));
    setEditing(null);
    setNotice(added ? `“${reply.title}” was added.` : `“${reply.title}” was saved.`);
    setFocusAfter(reply.id);
  }

  function cancel() {
    setFocusAfter(editing === 'new' ? 'new' : editing);
    setEditing(null);
  }

  async function remove(reply) {
    await api.deleteCannedReply(reply.id);
    list.setData((data) => ({ ...data, items: data.items.filter((item) => item.id !== reply.id) }));
    setNotice(`“${reply.title}” was deleted.`);
    setFocusAfter('new');
  }

  let content;
  if (list.error) {
    content = <ErrorState title="Canned replies could not be loaded" error={list.error} onRetry={list.reload} />;
  } else if (list.loading && !list.data) {
    content = <Loading label="Loading canned replies…" />;
  } else if (replies.length === 0) {
    content = (
      <EmptyState title="No canned replies yet">
        Save the answers you give again and again, then type / in a ticket’s reply box to use one.
      </EmptyState>
    );
  } else {
    content = (
      <ul className="canned-list" aria-label="Canned replies">
        {replies.map((reply) => (editing === reply.id
          ? (
            <li key={reply.id} className="canned-list__editing">
              <CannedReplyForm reply={reply} canShare={canShare} onSaved={saved} onCancel={cancel} />
            </li>
          )
          : (
            <CannedReplyItem
              key={reply.id}
              reply={reply}
              editable={policies.editCannedReply(user, reply)}
              onEdit={() => startEditing(reply.id)}
              onDelete={() => remove(reply)}
            />
          )))}
      </ul>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title="Canned replies"
        subtitle={canShare
          ? 'Answers you give often: your own, and those you share with the team.'
          : 'Answers you give often: your own, and those an admin shared with the team.'}
        actions={editing !== 'new' && (
          <button ref={addButton} type="button" className="button button--primary" onClick={() => startEditing('new')}>
            New canned reply
          </button>
        )}
      />
      <div className="canned-page">
        <div className="canned-page__main">
          {editing === 'new' && <CannedReplyForm canShare={canShare} onSaved={saved} onCancel={cancel} />}
          {notice && <Alert tone="success">{notice}</Alert>}
          <div aria-busy={list.loading}>{content}</div>
        </div>
        <PlaceholderHelp />
      </div>
    </div>
  );
}
