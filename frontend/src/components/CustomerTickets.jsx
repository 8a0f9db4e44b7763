// "Other tickets from <customer>": for staff, the author's latest other tickets beside the
// one open, so a repeat question or a duplicate is seen at a glance.
import { api } from '../api.js';
import { otherTickets, otherTicketsQuery } from '../customerTickets.js';
import { routes } from '../routes.js';
import { Link } from '../router.jsx';
import { StatusBadge } from './Badges.jsx';
import { Spinner } from './States.jsx';
import { useApi } from './useApi.js';

function TicketLines({ tickets }) {
  return (
    <ul className="customer-tickets__list">
      {tickets.map((other) => (
        <li key={other.id} className="customer-tickets__item">
          <StatusBadge status={other.status} />
          <span className="customer-tickets__id">#{other.id}</span>
          <Link to={routes.ticket.href({ id: other.id })} className="customer-tickets__title">{other.title}</Link>
        </li>
      ))}
    </ul>
  );
}

export function CustomerTickets({ ticket }) {
  const list = useApi(
    (signal) => api.listTickets(otherTicketsQuery(ticket), { signal }),
    [ticket.id, ticket.author_id],
  );
  const username = ticket.author?.username ?? 'this customer';

  let body;
  if (list.error) {
    body = (
      <div className="customer-tickets__error" role="alert">
        <p>They could not be loaded: {list.error.reason ?? list.error.message}</p>
        <button type="button" className="button button--small" onClick={list.reload}>Try again</button>
      </div>
    );
  } else if (list.loading && !list.data) {
    body = <p className="muted" role="status"><Spinner /> Loading…</p>;
  } else {
    const others = otherTickets(list.data.items, ticket);
    body = others.length > 0 ? <TicketLines tickets={others} /> : <p className="muted">No other tickets</p>;
  }

  // The landmark's name leaves the username out: a username can be any word ("status"),
  // and would then answer searches by label meant for the ticket's own fields.
  return (
    <aside className="card card--padded customer-tickets" aria-label="The customer’s other tickets">
      <h2 className="side-card__title">Other tickets from {username}</h2>
      {body}
      <Link to={routes.tickets.href({}, { author_id: ticket.author_id })} className="customer-tickets__all">
        All tickets from {username}
      </Link>
    </aside>
  );
}
