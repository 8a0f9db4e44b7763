import { Link } from '../router.jsx';
import { routes } from '../routes.js';
import { DueBadge, PriorityBadge, StatusBadge } from './Badges.jsx';
import { TimeAgo } from './TimeAgo.jsx';

function TicketRow({ ticket, showSla }) {
  return (
    <li className="ticket-row">
      <div className="ticket-row__main">
        <Link to={routes.ticket.href({ id: ticket.id })} className="ticket-row__title">
          {ticket.title}
        </Link>
        <p className="ticket-row__meta">
          <span className="ticket-row__id">#{ticket.id}</span>
          <span>by {ticket.author?.username ?? 'unknown'}</span>
          <span>
            {ticket.assignee ? <>assigned to {ticket.assignee.username}</> : <span className="muted">unassigned</span>}
          </span>
          <TimeAgo iso={ticket.created_at} />
        </p>
      </div>
      <div className="ticket-row__badges">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        {showSla && <DueBadge sla={ticket.sla} />}
      </div>
    </li>
  );
}

// `showSla`: staff see each ticket's due badge.
export function TicketList({ tickets, stale, showSla = false }) {
  return (
    <ul className={`ticket-list card${stale ? ' is-stale' : ''}`} aria-label="Tickets">
      {tickets.map((ticket) => <TicketRow key={ticket.id} ticket={ticket} showSla={showSla} />)}
    </ul>
  );
}

export function TicketListSkeleton() {
  return (
    <div className="ticket-list card" role="status" aria-label="Loading tickets">
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="ticket-row ticket-row--skeleton" aria-hidden="true">
          <div className="ticket-row__main">
            <span className="skeleton skeleton--title" />
            <span className="skeleton skeleton--meta" />
          </div>
          <span className="skeleton skeleton--badge" />
        </div>
      ))}
    </div>
  );
}
