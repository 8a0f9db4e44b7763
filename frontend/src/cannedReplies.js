// Canned replies: the placeholders filled in when one is put into the reply box,
// the "/query" typed to pick one, and what the management page checks and sends.

export const CANNED_TITLE_MAX = 100;
export const CANNED_BODY_MAX = 10000;

// The placeholders a canned reply may hold, as the help text lists them.
export const PLACEHOLDERS = [
  { name: 'customer.username', description: 'the username of whoever opened the ticket' },
  { name: 'ticket.id', description: 'the ticket’s number' },
  { name: 'ticket.title', description: 'the ticket’s title' },
  { name: 'agent.username', description: 'your own username' },
];

// `{{ name }}`, spaces inside the braces allowed; the name is letters, digits, dots and underscores.
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

// What each placeholder stands for on `ticket`, written by `user`. A value that is not
// known (a ticket without its author) is left out, so its placeholder stays visible.
export function placeholderValues(ticket, user) {
  const values = {
    'customer.username': ticket?.author?.username,
    'ticket.id': ticket?.id,
    'ticket.title': ticket?.title,
    'agent.username': user?.username,
  };
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
}

// `body` with each known placeholder replaced by its value in `values`. Unknown
// placeholders, and those without a value, stay exactly as written. Values are
// inserted as they are: a replacer function keeps "$&" or "$1" in them literal.
export function fillPlaceholders(body, values) {
  return String(body ?? '').replace(PLACEHOLDER, (whole, name) => (
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
  ));
}

// The "/query" being typed at `caret` in `text`, if any: a slash at the start of the
// text or after whitespace, then no whitespace up to the caret. Returns where it starts
// and ends (the slash to the caret) and the query after the slash; null when there is none.
export function slashQuery(text, caret) {
  const before = String(text ?? '').slice(0, caret);
  const match = /(^|\s)\/(\S*)$/.exec(before);
  if (!match) return null;
  const start = match.index + match[1].length;
  return { start, end: caret, query: match[2] };
}

// `text` with the characters from `start` to `end` replaced by `inserted`; `caret` is
// where the cursor goes: just after what was inserted.
export function insertText(text, { start, end }, inserted) {
  const value = String(text ?? '');
  return {
    text: value.slice(0, start) + inserted + value.slice(end),
    caret: start + inserted.length,
  };
}

const byTitle = (a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }) || a.id - b.id;

export function sortByTitle(replies) {
  return [...replies].sort(byTitle);
}

// The replies whose title or body holds `query` (ignoring case), as the server's `q`
// searches; those whose title starts with it first, then other title matches, then
// body matches, each group by title.
export function matchReplies(replies, query) {
  const needle = String(query ?? '').trim().toLowerCase();
  const sorted = sortByTitle(replies);
  if (!needle) return sorted;
  const rank = (reply) => {
    const title = reply.title.toLowerCase();
    if (title.startsWith(needle)) return 0;
    if (title.includes(needle)) return 1;
    return reply.body.toLowerCase().includes(needle) ? 2 : null;
  };
  return sorted
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter(({ rank: found }) => found !== null)
    .sort((a, b) => a.rank - b.rank)
    .map(({ reply }) => reply);
}

// The first line of a body, cut short, to show under a title in a list.
export function bodyPreview(body, length = 80) {
  const line = String(body ?? '').trim().split('\n')[0].trim();
  return line.length > length ? `${line.slice(0, length - 1).trimEnd()}…` : line;
}

export const emptyCannedReply = { title: '', body: '', shared: false };

// The form's values for an existing reply.
export function cannedReplyForm(reply) {
  return { title: reply.title, body: reply.body, shared: reply.shared };
}

// Names the fields left empty, as the server's 422 `fields` would; lengths are the server's to check.
export function validateCannedReply(values) {
  const errors = {};
  if (!String(values.title ?? '').trim()) errors.title = 'Give the reply a title.';
  if (!String(values.body ?? '').trim()) errors.body = 'Write the text of the reply.';
  return errors;
}

// The body of POST or PATCH /api/canned-replies. The title is trimmed, the text kept as
// written (its line breaks and indentation are the reply's); `shared` goes only with an
// admin's request, since only admins may set it.
export function cannedReplyRequest(values, { canShare }) {
  const body = { title: String(values.title ?? '').trim(), body: String(values.body ?? '') };
  if (canShare) body.shared = Boolean(values.shared);
  return body;
}
