// The conversation on a ticket, oldest first, each reply with its own screenshots,
// and the reply box. Staff also see the ticket's history between the replies, and may hide it.
import { useState } from 'react';
import { api } from '../api.js';
import { historyText, timeline } from '../history.js';
import { imagesByComment } from '../images.js';
import { policies } from '../policies.js';
import { RoleBadge } from './Badges.jsx';
import { Icon } from './Icon.jsx';
import { Lightbox } from './Lightbox.jsx';
import { LinkedText } from './LinkedText.jsx';
import { ReplyForm } from './ReplyForm.jsx';
import { ErrorState, Loading } from './States.jsx';
import { Switch } from './Switch.jsx';
import { Thumbnail } from './Thumbnail.jsx';
import { TimeAgo } from './TimeAgo.jsx';
import { useApi } from './useApi.js';
import { useStoredFlag } from './useStoredFlag.js';

const SHOW_HISTORY_KEY = 'helpdesk.showHistory';

function Comment({ comment, images = [], onOpenImage }) {
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
        {images.length > 0 && (
          <ul className="gallery gallery--compact" aria-label={`Screenshots attached to this ${comment.internal ? 'note' : 'reply'}`}>
            {images.map((image) => <Thumbnail key={image.id} image={image} onOpen={onOpenImage} />)}
          </ul>
        )}
      </div>
    </li>
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

// `comments` is the page's list of the ticket's comments (a useApi state with `add`),
// which also grows as others reply. `onReplied` lets the page refresh the ticket, whose
// status or SLA a reply may change; `onTicketUpdated` receives the ticket after a reply
// that also set its status. `images` is the page's list of the ticket's images: each
// comment shows those attached to it; `onImageAdded` is told of a screenshot sent with a reply.
export function CommentsPanel({ ticket, user, comments, activity = 0, images, onImageAdded, onReplied, onTicketUpdated }) {
  const history = useTicketHistory(ticket, user, activity);
  const [showHistory, setShowHistory] = useStoredFlag(SHOW_HISTORY_KEY, true);
  const [viewing, setViewing] = useState(null);
  const attached = imagesByComment(images?.data?.items ?? []);
  const canSeeHistory = policies.seeHistory(user);
  const visible = (comments.data?.items ?? []).filter((comment) => !comment.internal || policies.seeInternalNotes(user));
  const shownHistory = canSeeHistory && showHistory ? history.data?.items ?? [] : [];
  const entries = timeline(visible, shownHistory);
  const addComment = (comment, updatedTicket) => {
    comments.add(comment);
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
          ? <Comment key={item.key} comment={item.comment} images={attached.get(item.comment.id)} onOpenImage={setViewing} />
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
      <ReplyForm
        ticket={ticket}
        user={user}
        onAdded={addComment}
        onImageAdded={onImageAdded}
        onTicketUpdated={onTicketUpdated}
      />
      <Lightbox view={viewing} onClose={() => setViewing(null)} />
    </section>
  );
}
