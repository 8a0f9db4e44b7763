// The ticket list's bulk change: the action bar's choices as the API's `changes`
// (POST /api/tickets/bulk), and the sentence that confirms them.
import { priorityLabels, statusLabels } from './format.js';
import { normalizeTag } from './ticketTags.js';

// The server takes at most this many ids in one change.
export const BULK_MAX_TICKETS = 100;

// `choices`: '' leaves a field as it is. `assignee` is a user id, or 'none' to unassign.
export function bulkChanges({ status = '', priority = '', assignee = '', addTag = '', removeTag = '' }) {
  const changes = {};
  if (status) changes.status = status;
  if (priority) changes.priority = priority;
  if (assignee === 'none') changes.assignee_id = null;
  else if (assignee) changes.assignee_id = Number(assignee);
  const added = normalizeTag(addTag);
  if (added) changes.add_tags = [added];
  if (removeTag) changes.remove_tags = [removeTag];
  return changes;
}

function ticketCount(count) {
  return count === 1 ? '1 ticket' : `${count} tickets`;
}

// "Closed 3 tickets", or "Updated 3 tickets: priority High, tag vip added".
// `assigneeName` names the new assignee (the server's answer tells it).
export function describeBulkChange(changes, count, assigneeName) {
  const tickets = ticketCount(count);
  if (Object.keys(changes).length === 1 && changes.status === 'closed') return `Closed ${tickets}`;
  const parts = [];
  if (changes.status) parts.push(`status ${statusLabels[changes.status]}`);
  if (changes.priority) parts.push(`priority ${priorityLabels[changes.priority]}`);
  if (changes.assignee_id === null) parts.push('unassigned');
  else if (changes.assignee_id !== undefined) parts.push(`assigned to ${assigneeName ?? `user #${changes.assignee_id}`}`);
  for (const tag of changes.add_tags ?? []) parts.push(`tag ${tag} added`);
  for (const tag of changes.remove_tags ?? []) parts.push(`tag ${tag} removed`);
  return `Updated ${tickets}: ${parts.join(', ')}`;
}

// Every tag on any of `tickets`, sorted: what a change of them could remove.
export function tagsOf(tickets) {
  return [...new Set(tickets.flatMap((ticket) => ticket.tags ?? []))].sort();
}
