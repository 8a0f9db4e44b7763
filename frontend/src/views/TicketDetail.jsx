import { useState } from 'react';
import { api } from '../api.js';
import { ArrivalNotice } from '../components/ArrivalNotice.jsx';
import { DueBadge, PriorityBadge, StatusBadge } from '../components/Badges.jsx';
import { CommentsPanel } from '../components/CommentsPanel.jsx';
import { CustomerTickets } from '../components/CustomerTickets.jsx';
import { ErrorBoundary } from '../components/ErrorBoundary.jsx';
import { ImagesPanel } from '../components/ImagesPanel.jsx';
import { MergedNotice } from '../components/MergedNotice.jsx';
import { Alert, ErrorState, Loading, PanelCrash } from '../components/States.jsx';
import { TagEditor } from '../components/TagEditor.jsx';
import { TicketControls } from '../components/TicketControls.jsx';
import { TicketEditForm } from '../components/TicketEditForm.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useApi } from '../components/useApi.js';
import { ticketTitle, useDocumentTitle } from '../components/useDocumentTitle.js';
import { useKeyboardShortcuts } from '../components/useKeyboardShortcuts.js';
import { useLiveEvents } from '../components/useLiveEvents.js';
import { flash } from '../flash.js';
import { newerTicket, withItem, withoutItem } from '../liveMerge.js';
import { policies } from '../policies.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';
import { mergedMessage } from '../ticketMerge.js';
import { NotFound } from './NotFound.jsx';

function BackLink() {
  return (
    <Link to={routes.tickets.href()} className="back-link">
      <span aria-hidden="true">←</span> All tickets
    </Link>
  );
}

function TicketBody({ ticket, user, onUpdated }) {
  const [editing, setEditing] = useState(false);
  const canEdit = policies.editTicketText(user, ticket);
  useKeyboardShortcuts({ e: () => setEditing(true) }, policies.keyboardShortcuts(user) && canEdit && !editing);
  if (editing) {
    return (
      <section className="card card--padded ticket-body">
        <TicketEditForm
          ticket={ticket}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            onUpdated(updated);
            setEditing(false);
          }}
        />
      </section>
    );
  }
  return (
    <section className="card card--padded ticket-body">
      <div className="ticket-body__header">
        <div className="ticket-body__badges">
          <span className="ticket-body__id">#{ticket.id}</span>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {policies.seeSla(user) && <DueBadge sla={ticket.sla} />}
        </div>
        {canEdit && (
          <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      <h1 className="ticket-body__title">{ticket.title}</h1>
      <p className="ticket-body__meta">
        Opened by <strong>{ticket.author?.username}</strong> <TimeAgo iso={ticket.created_at} />
      </p>
      <div className="ticket-body__description">{ticket.description}</div>
    </section>
  );
}

// A list the ticket page loads once the ticket is known to exist (its comments, its
// images). `add` and `remove` take what the user did and what others did (heard live)
// alike: an item already there is not added twice, and each tells whether it changed.
function useTicketItems(load, id, loaded) {
  const list = useApi((signal) => (loaded ? load(id, { signal }) : Promise.resolve(null)), [id, loaded]);
  const has = (itemId) => Boolean(list.data?.items.some((item) => item.id === itemId));
  const change = (edit) => list.update((data) => {
    const items = edit(data?.items ?? []);
    return items === data?.items ? data : { items };
  });
  const add = (item) => {
    const added = !has(item.id);
    change((items) => withItem(items, item));
    return added;
  };
  const remove = (itemId) => {
    const removed = has(itemId);
    change((items) => withoutItem(items, itemId));
    return removed;
  };
  return { ...list, add, remove };
}

// The images panel lists them all and each reply shows its own; an image added or
// deleted is noted as activity (the ticket's history records it).
function useTicketImages(id, loaded, noteActivity) {
  const images = useTicketItems(api.listImages, id, loaded);
  const noting = (change) => (argument) => {
    if (change(argument)) noteActivity();
  };
  return { ...images, add: noting(images.add), remove: noting(images.remove) };
}

// The open ticket, live: its fields, comments and images change as others work on it.
// Nothing here touches a form, so the reply box and an open edit form keep what is typed.
function useLiveTicket(id, { ticket, comments, images, noteActivity, refreshTicket, onDeleted }) {
  useLiveEvents(({ type, data }) => {
    if (type === 'reset') {
      ticket.reload();
      comments.reload();
      images.reload();
      noteActivity();
      return;
    }
    if (String(data?.ticket_id) !== id) return;
    if (type === 'ticket.updated') ticket.update((current) => newerTicket(current, data.ticket));
    else if (type === 'ticket.deleted') onDeleted();
    // A reply may have moved the ticket on (its SLA, who answered last).
    else if (type === 'comment.created' && comments.add(data.comment)) refreshTicket();
    else if (type === 'image.created') images.add(data.image);
    else if (type === 'image.deleted') images.remove(data.image_id);
  });
}

const panelFallback = (title) => function PanelFallback({ reset }) {
  return <PanelCrash title={title} reset={reset} />;
};
const ImagesCrash = panelFallback('The screenshots');
const CommentsCrash = panelFallback('The conversation');

// Each ticket gets a fresh page, so nothing of one (an open form, a notice) shows on the next.
export function TicketDetail(props) {
  return <TicketPage key={props.params.id} {...props} />;
}

function TicketPage({ params, user }) {
  const id = params.id;
  const validId = /^[1-9]\d*$/.test(id);
  const ticket = useApi((signal) => (validId ? api.getTicket(id, { signal }) : Promise.resolve(null)), [id]);
  const [activity, setActivity] = useState(0);
  const noteActivity = () => setActivity((count) => count + 1);
  const notFound = !validId || ticket.error?.status === 404;
  const loaded = String(ticket.data?.id) === id;
  const images = useTicketImages(id, loaded, noteActivity);
  const comments = useTicketItems(api.listComments, id, loaded);
  // The id of the ticket someone else deleted while it was open here.
  const [deletedId, setDeletedId] = useState(null);
  // A ticket that is not found gets NotFound's title.
  useDocumentTitle(notFound ? null : loaded ? ticketTitle(ticket.data) : `Ticket #${id}`);

  // An answer to the user's own change may arrive after the event of someone else's later one.
  const showTicket = (fresh) => ticket.setData((current) => newerTicket(current, fresh));
  // After a reply the ticket may have moved on (reopened, first response given).
  // A failed refresh keeps the ticket as shown: the reply itself was saved.
  function refreshTicket() {
    api.getTicket(id).then(showTicket, () => {});
  }
  useLiveTicket(id, {
    ticket, comments, images, noteActivity, refreshTicket, onDeleted: () => setDeletedId(id),
  });

  if (notFound) return (
      <NotFound
        title={`Ticket #${id} was not found`}
        explanation="It may have been deleted, or it belongs to another account."
      />
    );
  if (ticket.error) {
    return (
      <div className="page">
        <BackLink />
        <ErrorState title="This ticket could not be loaded" error={ticket.error} onRetry={ticket.reload} />
      </div>
    );
  }
  if (!loaded) return <Loading label="Loading ticket…" />;

  const staffTools = policies.seeCustomerTickets(user);
  return (
    <div className="page">
      <BackLink />
      <ArrivalNotice />
      {deletedId === id && (
        <Alert>This ticket was deleted by someone else. Changes and replies to it can no longer be saved.</Alert>
      )}
      <MergedNotice ticket={ticket.data} />
      <div className="ticket-layout">
        <div className="ticket-layout__main">
          <TicketBody ticket={ticket.data} user={user} onUpdated={showTicket} />
          <ErrorBoundary fallback={ImagesCrash}>
            <ImagesPanel ticket={ticket.data} user={user} images={images} onAdded={images.add} onDeleted={images.remove} />
          </ErrorBoundary>
          <ErrorBoundary fallback={CommentsCrash}>
            <CommentsPanel
              ticket={ticket.data}
              user={user}
              comments={comments}
              activity={activity}
              images={images}
              onImageAdded={images.add}
              onReplied={refreshTicket}
              onTicketUpdated={showTicket}
            />
          </ErrorBoundary>
        </div>
        <div className={`ticket-layout__side${staffTools ? ' ticket-layout__side--tools' : ''}`}>
          <aside className="ticket-tools__details" aria-label="Ticket details">
            <TicketControls
              ticket={ticket.data}
              user={user}
              onUpdated={showTicket}
              onDeleted={() => {
                flash(`Ticket #${ticket.data.id} deleted`);
                navigate(routes.tickets.href(), { replace: true });
              }}
              onMerged={(target) => {
                flash(mergedMessage(ticket.data.id, target.id));
                navigate(routes.ticket.href({ id: target.id }));
              }}
            />
            {policies.editTags(user) && <TagEditor ticket={ticket.data} onUpdated={showTicket} />}
          </aside>
          {staffTools && <CustomerTickets ticket={ticket.data} />}
        </div>
      </div>
    </div>
  );
}
