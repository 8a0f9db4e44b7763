// The orders the ticket list offers, and what a row says about a ticket's latest reply.
import { policies } from './policies.js';

// '' is the server's default, newest first, so it stays out of the URL. Only staff
// may sort by due time (the server refuses customers).
const SORT_OPTIONS = [
  { value: '', label: 'Newest' },
  { value: 'activity', label: 'Recent activity' },
  { value: 'due', label: 'Due soonest', allowed: policies.seeSla },
];

export function sortOptions(user) {
  return SORT_OPTIONS
    .filter(({ allowed }) => !allowed || allowed(user))
    .map(({ value, label }) => ({ value, label }));
}

// The order asked for in the URL, if this user may use it; else the default.
export function pickSort(value, user) {
  return sortOptions(user).some((option) => option.value === value) ? value : '';
}

// "Last reply by alex", or for staff "Internal note by alex"; null before any reply.
export function lastReplyText(lastReply) {
  if (!lastReply) return null;
  const kind = lastReply.internal ? 'Internal note' : 'Last reply';
  return `${kind} by ${lastReply.author?.username ?? 'unknown'}`;
}

// How many of the tickets have a staff reply their customer has not opened yet.
export function countNewReplies(tickets) {
  return tickets.filter((ticket) => ticket.new_reply === true).length;
}
