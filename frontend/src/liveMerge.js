// How a live event changes what a page already shows: the rows of the ticket list,
// the open ticket, its comments and images. Every helper returns what it was given
// when nothing changes (so React skips the render), and an event applied twice (a
// replay, or the echo of the user's own change) changes nothing more.

// The later of two states of one ticket (an answer and an event may arrive in either order).
export function newerTicket(current, incoming) {
  if (!current || current.id !== incoming.id) return current;
  return Date.parse(incoming.updated_at) >= Date.parse(current.updated_at) ? incoming : current;
}

// A ticket once `comment` is on it: its "last reply", and on a customer's ticket (the
// only ones with `new_reply`) the "New reply" mark when staff answered in public.
export function withComment(ticket, comment) {
  if (ticket.last_reply && Date.parse(ticket.last_reply.at) >= Date.parse(comment.created_at)) return ticket;
  const { id, username } = comment.author ?? {};
  const next = { ...ticket, last_reply: { author: { id, username }, at: comment.created_at, internal: comment.internal } };
  const fromStaff = comment.author?.role && comment.author.role !== 'customer';
  if (typeof ticket.new_reply === 'boolean' && fromStaff && !comment.internal) next.new_reply = true;
  return next;
}

// Whether someone else changed the title or description an open edit form started
// from (`opened`), to something other than what is typed there now.
export function changedWhileEditing(opened, current, values) {
  const changed = (field) => current[field] !== opened[field] && current[field] !== values[field].trim();
  return changed('title') || changed('description');
}

// The rows once the server has answered with `tickets` (a bulk change): each in the
// place of the row with its id, unless a live event brought a later state already.
export function withNewerTickets(list, tickets) {
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  return list.map((item) => (byId.has(item.id) ? newerTicket(item, byId.get(item.id)) : item));
}

// `list` with `item` added at the end, unless one with its id is there already.
export function withItem(list, item) {
  return list.some((existing) => existing.id === item.id) ? list : [...list, item];
}

export function withoutItem(list, id) {
  return list.some((existing) => existing.id === id) ? list.filter((existing) => existing.id !== id) : list;
}

function updateItem(list, id, update) {
  const index = list.findIndex((item) => item.id === id);
  if (index < 0) return list;
  const next = update(list[index]);
  if (next === list[index]) return list;
  return [...list.slice(0, index), next, ...list.slice(index + 1)];
}

// The list's rows after an event. Rows change in place and never move: a new ticket is
// counted by the list's "N new tickets" instead (see matchesFilters).
export function applyToList(tickets, { type, data }) {
  switch (type) {
    case 'ticket.updated':
      return updateItem(tickets, data.ticket.id, (ticket) => newerTicket(ticket, data.ticket));
    case 'ticket.deleted':
      return withoutItem(tickets, data.ticket_id);
    case 'comment.created':
      return updateItem(tickets, data.ticket_id, (ticket) => withComment(ticket, data.comment));
    default:
      return tickets;
  }
}

// Words as the server's full-text index splits them: runs of letters and digits,
// lower-cased, accents removed.
function words(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

// The server's search (`q`), guessed from a ticket's title and description: "#301" is
// that ticket; every word must be there, the last one as the start of a word while it
// is still being typed; `from:name` is the author. An email in `from:` cannot be told
// here and is taken to match; showing the list again says for sure.
export function matchesSearch(ticket, q) {
  const number = /^#?(\d{1,18})$/.exec(q.trim());
  if (number) return ticket.id === Number(number[1]);
  const tokens = q.split(/\s+/).filter(Boolean);
  const from = tokens.find((token) => /^from:./i.test(token));
  const author = from?.slice(5).toLowerCase();
  if (author && !author.includes('@') && ticket.author?.username?.toLowerCase() !== author) return false;
  const terms = words(tokens.filter((token) => token !== from).join(' '));
  const found = words(`${ticket.title} ${ticket.description}`);
  const lastIsPrefix = /[\p{L}\p{N}]$/u.test(q);
  return terms.every((term, index) => (index === terms.length - 1 && lastIsPrefix
    ? found.some((word) => word.startsWith(term))
    : found.includes(term)));
}

// Whether a new ticket belongs in the list shown with `filters` (Tickets.jsx's names).
export function matchesFilters(ticket, filters, user) {
  if (filters.status && ticket.status !== filters.status) return false;
  if (filters.priority && ticket.priority !== filters.priority) return false;
  if (filters.assignee === 'me' && ticket.assignee_id !== user?.id) return false;
  if (filters.assignee === 'none' && ticket.assignee_id != null) return false;
  if (filters.sla && ticket.sla?.state !== filters.sla) return false;
  if (filters.author_id && ticket.author_id !== Number(filters.author_id)) return false;
  if (filters.tag?.some((tag) => !ticket.tags?.includes(tag))) return false;
  return !filters.q || matchesSearch(ticket, filters.q);
}
