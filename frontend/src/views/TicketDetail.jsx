import { useState } from 'react';
import { api } from '../api.js';
import { DueBadge, PriorityBadge, StatusBadge } from '../components/Badges.jsx';
import { CommentsPanel } from '../components/CommentsPanel.jsx';
import { ErrorBoundary } from '../components/ErrorBoundary.jsx';
import { ImagesPanel } from '../components/ImagesPanel.jsx';
import { ErrorState, Loading, PanelCrash } from '../components/States.jsx';
import { TicketControls } from '../components/TicketControls.jsx';
import { TicketEditForm } from '../components/TicketEditForm.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useApi } from '../components/useApi.js';
import { ticketTitle, useDocumentTitle } from '../components/useDocumentTitle.js';
import { useKeyboardShortcuts } from '../components/useKeyboardShortcuts.js';
import { flash } from '../flash.js';
import { policies } from '../policies.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';
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

// The ticket's images, asked for once the ticket is known to exist. The images panel
// lists them all and each reply shows its own; an image added or deleted is noted as
// activity (the ticket's history records it).
function useTicketImages(id, loaded, noteActivity) {
  const images = useApi((signal) => (loaded ? api.listImages(id, { signal }) : Promise.resolve(null)), [id, loaded]);
  const add = (image) => {
    images.setData((data) => ({ items: [...(data?.items ?? []), image] }));
    noteActivity();
  };
  const remove = (imageId) => {
    images.setData((data) => ({ items: (data?.items ?? []).filter((image) => image.id !== imageId) }));
    noteActivity();
  };
  return { ...images, add, remove };
}

const panelFallback = (title) => function PanelFallback({ reset }) {
  return <PanelCrash title={title} reset={reset} />;
};
const ImagesCrash = panelFallback('The screenshots');
const CommentsCrash = panelFallback('The conversation');

export function TicketDetail({ params, user }) {
  const id = params.id;
  const validId = /^[1-9]\d*$/.test(id);
  const ticket = useApi((signal) => (validId ? api.getTicket(id, { signal }) : Promise.resolve(null)), [id]);
  const [activity, setActivity] = useState(0);
  const noteActivity = () => setActivity((count) => count + 1);
  const notFound = !validId || ticket.error?.status === 404;
  const loaded = String(ticket.data?.id) === id;
  const images = useTicketImages(id, loaded, noteActivity);
  // A ticket that is not found gets NotFound's title.
  useDocumentTitle(notFound ? null : loaded ? ticketTitle(ticket.data) : `Ticket #${id}`);

  // After a reply the ticket may have moved on (reopened, first response given).
  // A failed refresh keeps the ticket as shown: the reply itself was saved.
  function refreshTicket() {
    api.getTicket(id).then(
      (fresh) => ticket.setData((current) => (current?.id === fresh.id ? fresh : current)),
      () => {},
    );
  }

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

  return (
    <div className="page">
      <BackLink />
      <div className="ticket-layout">
        <div className="ticket-layout__main">
          <TicketBody ticket={ticket.data} user={user} onUpdated={ticket.setData} />
          <ErrorBoundary fallback={ImagesCrash}>
            <ImagesPanel ticket={ticket.data} user={user} images={images} onAdded={images.add} onDeleted={images.remove} />
          </ErrorBoundary>
          <ErrorBoundary fallback={CommentsCrash}>
            <CommentsPanel
              ticket={ticket.data}
              user={user}
              activity={activity}
              images={images}
              onImageAdded={images.add}
              onReplied={refreshTicket}
              onTicketUpdated={ticket.setData}
            />
          </ErrorBoundary>
        </div>
        <aside className="ticket-layout__side" aria-label="Ticket details">
          <TicketControls
            ticket={ticket.data}
            user={user}
            onUpdated={ticket.setData}
            onDeleted={() => {
              flash(`Ticket #${ticket.data.id} deleted`);
              navigate(routes.tickets.href(), { replace: true });
            }}
          />
        </aside>
      </div>
    </div>
  );
}
