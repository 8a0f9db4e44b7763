// A ticket's history in words, and its place among the replies.
import { priorityLabels, statusLabels } from './format.js';

const valueLabels = { status: statusLabels, priority: priorityLabels };

// Tags are stored as the whole set before and after ("a, b"); say what was added and removed.
function tagChange(from, to) {
  const split = (value) => (value ? value.split(', ').filter(Boolean) : []);
  const before = split(from);
  const after = split(to);
  const added = after.filter((tag) => !before.includes(tag));
  const removed = before.filter((tag) => !after.includes(tag));
  const parts = [];
  if (added.length) parts.push(`added tag${added.length > 1 ? 's' : ''} ${added.join(', ')}`);
  if (removed.length) parts.push(`removed tag${removed.length > 1 ? 's' : ''} ${removed.join(', ')}`);
  return parts.length ? parts.join(' and ') : 'changed the tags';
}

function describeUpdate({ field, from, to }) {
  if (field === 'status' || field === 'priority') {
    const label = (value) => valueLabels[field][value] ?? value;
    return from ? `changed ${field} from ${label(from)} to ${label(to)}` : `set ${field} to ${label(to)}`;
  }
  if (field === 'assignee') {
    if (to) return `assigned it to ${to}`;
    return from ? `unassigned ${from}` : 'unassigned it';
  }
  if (field === 'title') return `renamed the ticket to “${to}”`;
  if (field === 'description') return 'edited the description';
  if (field === 'tags') return tagChange(from, to);
  return 'changed the ticket';
}

function describe(entry) {
  switch (entry.action) {
    case 'created': return 'created the ticket';
    case 'reopened': return 'reopened the ticket';
    case 'image_added': return `added image ${entry.to ?? entry.from ?? ''}`.trim();
    case 'image_deleted': return `deleted image ${entry.from ?? entry.to ?? ''}`.trim();
    case 'updated': return describeUpdate(entry);
    case 'merged':
      return entry.field === 'merged_from'
        ? `merged ${entry.to} into this ticket`
        : `merged this ticket into ${entry.to}`;
    default: return 'changed the ticket';
  }
}

// "maria changed priority from Normal to High"; changes without a person are the system's.
export function historyText(entry) {
  const who = entry.actor?.username ?? 'Helpdesk';
  const how = entry.via === 'email' ? ' by email' : '';
  return `${who} ${describe(entry)}${how}`;
}

// Comments and history entries in one list by time. At the same moment the reply
// comes before what it caused (a customer's reply reopens the ticket).
export function timeline(comments, history) {
  const items = [
    ...comments.map((comment) => ({ kind: 'comment', key: `comment-${comment.id}`, at: Date.parse(comment.created_at), comment })),
    ...history.map((entry) => ({ kind: 'history', key: `history-${entry.id}`, at: Date.parse(entry.created_at), entry })),
  ];
  const rank = { comment: 0, history: 1 };
  return items.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
}
