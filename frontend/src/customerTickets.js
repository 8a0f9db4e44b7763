// The other tickets of a ticket's author, for the ticket page's side panel and the merge
// dialog. The server is asked for one more than is shown (`author_id`, newest first),
// because the open ticket may be among them and is left out.

export const OTHER_TICKETS_SHOWN = 5;

export function otherTicketsQuery(ticket, shown = OTHER_TICKETS_SHOWN) {
  return { author_id: ticket.author_id, limit: shown + 1 };
}

// `items` as the server sent them, without `ticket` itself, at most `shown`. Tickets of
// anyone else are dropped too: a list meant for one customer never shows another's.
export function otherTickets(items, ticket, shown = OTHER_TICKETS_SHOWN) {
  return items
    .filter((item) => item.id !== ticket.id && item.author_id === ticket.author_id)
    .slice(0, shown);
}
