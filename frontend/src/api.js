// The only module that talks HTTP. It adds the bearer token, turns every
// non-2xx answer into an ApiError, and on a 401 signs out and sends the user
// to the login page with a redirectTo back to where they were.
import { createEventParser } from './eventStream.js';
import { formatMiB } from './format.js';
import { IMAGE_MAX_BYTES } from './limits.js';
import { buildQuery, currentLocation, matchPath, navigate } from './router.jsx';
import { routes } from './routes.js';
import { clearSession, getSession, setSession, setSessionUser } from './session.js';

const BASE = '/api';

const fallbackReasons = {
  0: 'Cannot reach the server. Check your connection and try again.',
  400: 'The request was not valid.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with existing data.',
  413: `The file is larger than ${formatMiB(IMAGE_MAX_BYTES)}.`,
  415: 'Only PNG, JPEG, GIF and WebP images are accepted.',
  422: 'Some fields are not valid.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

export class ApiError extends Error {
  constructor(status, reason, { fields = {}, retryAfter = null } = {}) {
    super(reason);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function signOutToLogin(tokenUsed) {
  // A request sent with an older token (e.g. before a password change) must not
  // sign out the session that replaced it.
  if (getSession().token !== tokenUsed) return;
  const here = currentLocation();
  const pathname = here.split('?')[0];
  const isAt = (route) => matchPath(route.path, pathname);
  clearSession();
  // Asking for a reset link and using one need no session: a stale token must not turn them into a sign-in form.
  if (isAt(routes.forgotPassword) || isAt(routes.resetPassword)) return;
  const onAuthPage = isAt(routes.login) || isAt(routes.register);
  navigate(onAuthPage ? routes.login.href() : routes.login.href({}, { redirectTo: here }), { replace: true });
}

function toApiError(status, bodyText, retryAfterHeader, tokenUsed) {
  const body = parseJson(bodyText);
  const reason = typeof body?.reason === 'string' && body.reason.trim()
    ? body.reason
    : fallbackReasons[status] ?? `The server answered ${status}. Please try again.`;
  const fields = body?.fields && typeof body.fields === 'object' ? body.fields : {};
  if (status === 401 && tokenUsed) signOutToLogin(tokenUsed);
  return new ApiError(status, reason, { fields, retryAfter: retryAfterSeconds(retryAfterHeader) });
}

function networkError() {
  return new ApiError(0, fallbackReasons[0]);
}

// fetch() with the session's token; a non-2xx answer becomes an ApiError.
async function send(path, { headers = {}, ...init } = {}) {
  const { token } = getSession();
  const withToken = token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
  let response;
  try {
    response = await globalThis.fetch(`${BASE}${path}`, { ...init, headers: withToken });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw networkError();
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw toApiError(response.status, text, response.headers.get('Retry-After'), token);
  }
  return response;
}

async function request(method, path, { body, query, signal, as = 'json' } = {}) {
  const headers = { Accept: as === 'json' ? 'application/json' : '*/*' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(`${path}${buildQuery(query)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 204) return null;
  if (as === 'blob') return response.blob();
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// fetch() cannot report upload progress, so image uploads use XMLHttpRequest.
// `fields` are text parts sent along with the file; empty ones are left out.
function upload(path, field, file, { onProgress, signal, fields = {} } = {}) {
  return new Promise((resolve, reject) => {
    const { token } = getSession();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(parseJson(xhr.responseText));
      } else {
        reject(toApiError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After'), token));
      }
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append(field, file, file.name);
    for (const [name, value] of Object.entries(fields)) {
      if (value !== undefined && value !== null && value !== '') form.append(name, String(value));
    }
    xhr.send(form);
  });
}

// Ends this token on the server. The local session is cleared at once, whatever
// the server answers: signing out must work offline and with an expired token.
// The request has read the token before it is cleared, and a 401 for a token
// that is no longer the session's does not redirect (see signOutToLogin).
async function signOut() {
  const ended = request('POST', '/auth/logout');
  clearSession();
  try {
    await ended;
  } catch {
    // Nothing to tell the user: they are signed out here either way.
  }
}

// The live events (Server-Sent Events), read with fetch so that the token travels in
// a header and never in a URL. `lastEventId` resumes after the last event seen. Calls
// `onOpen()` once the server accepts, `onEvent({ id, type, data })` for each event with
// its JSON data read, `onRetry(ms)` when the server says how long to wait before
// reconnecting, and `onActivity()` whenever bytes arrive (keep-alive comments too).
// Resolves when the server ends the stream; rejects with an ApiError (status 0 when
// the connection fails or breaks), or an AbortError when `signal` aborts.
async function openEvents({ lastEventId, onOpen, onEvent, onRetry, onActivity, signal } = {}) {
  const headers = { Accept: 'text/event-stream' };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await send('/events', { headers, signal, cache: 'no-store' });
  onOpen?.();
  const parser = createEventParser({
    lastEventId,
    onRetry,
    onEvent: (event) => onEvent?.({ ...event, data: parseJson(event.data) }),
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw networkError();
    }
    if (chunk.done) return;
    onActivity?.();
    parser.push(decoder.decode(chunk.value, { stream: true }));
  }
}

async function startSession(promise) {
  const { token, user } = await promise;
  setSession({ token, user });
  return user;
}

export const api = {
  login: (credentials) => startSession(request('POST', '/auth/login', { body: credentials })),
  register: (account) => startSession(request('POST', '/auth/register', { body: account })),
  changePassword: (passwords) => startSession(request('POST', '/auth/password', { body: passwords })),
  signOut,
  // The local session ends only once the server has ended them all, so a failure can be retried.
  async signOutEverywhere() {
    await request('POST', '/auth/logout-all');
    clearSession();
  },
  async refreshMe(options) {
    const user = await request('GET', '/auth/me', options);
    setSessionUser(user);
    return user;
  },
  // The signed-in user's own settings ({ email_notifications }); the answer becomes the cached user.
  async updateMe(changes) {
    const user = await request('PATCH', '/auth/me', { body: changes });
    setSessionUser(user);
    return user;
  },
  // Answers the same neutral { status } whether or not the address has an account.
  requestPasswordReset: (email) => request('POST', '/auth/password-reset', { body: { email } }),
  // The link's token and a new password; signs in as the user whose password it was.
  resetPassword: ({ token, password }) =>
    startSession(request('POST', '/auth/password-reset/confirm', { body: { token, password } })),

  listTickets: (filters, options) => request('GET', '/tickets', { ...options, query: filters }),
  getTicket: (id, options) => request('GET', `/tickets/${id}`, options),
  createTicket: (ticket) => request('POST', '/tickets', { body: ticket }),
  updateTicket: (id, changes) => request('PATCH', `/tickets/${id}`, { body: changes }),
  deleteTicket: (id) => request('DELETE', `/tickets/${id}`),
  ticketHistory: (id, options) => request('GET', `/tickets/${id}/history`, options),

  // The team's list tools (staff). One change for up to 100 tickets, all or nothing: { items }.
  bulkUpdateTickets: (ids, changes) => request('POST', '/tickets/bulk', { body: { ids, changes } }),
  // Every ticket the list's filters match (not one page), as a CSV Blob.
  exportTicketsCsv: (filters, options) =>
    request('GET', '/tickets/export.csv', { ...options, query: filters, as: 'blob' }),
  // The most used tags starting with `q`, for autocomplete: { items: [{ tag, count }] }.
  listTags: (q, options) => request('GET', '/tags', { ...options, query: { q } }),

  listComments: (ticketId, options) => request('GET', `/tickets/${ticketId}/comments`, options),
  addComment: (ticketId, comment) => request('POST', `/tickets/${ticketId}/comments`, { body: comment }),

  listImages: (ticketId, options) => request('GET', `/tickets/${ticketId}/images`, options),
  // `commentId` attaches the image to one of the uploader's own comments on the ticket.
  uploadImage: (ticketId, file, { commentId, ...options } = {}) =>
    upload(`/tickets/${ticketId}/images`, 'image', file, { ...options, fields: { comment_id: commentId } }),
  imageBlob: (imageId, options) => request('GET', `/images/${imageId}`, { ...options, as: 'blob' }),
  deleteImage: (imageId) => request('DELETE', `/images/${imageId}`),

  listUsers: (role, options) => request('GET', '/users', { ...options, query: { role } }),
  setUserRole: (id, role) => request('PATCH', `/users/${id}`, { body: { role } }),
  // One page of users ({ items, next_cursor }, 50 a page): `role` narrows it, `q` searches usernames and emails.
  listUserPage: ({ role, q, cursor } = {}, options) =>
    request('GET', '/users', { ...options, query: { role, q, cursor } }),
  // Admins add accounts ({ username, email, role, password? }); without a password the user is mailed a link.
  createUser: (account) => request('POST', '/users', { body: account }),
  // `false` deactivates: no sign-in, every token dead at once, no mail, no assignments.
  setUserActive: (id, active) => request('PATCH', `/users/${id}`, { body: { active } }),

  stats: (options) => request('GET', '/stats', options),
  openEvents,

  getSla: (options) => request('GET', '/sla', options),
  updateSla: (config) => request('PUT', '/sla', { body: config }),
  // The audit log takes only a cursor: its page size is the server's.
  listAudit: ({ cursor } = {}, options) => request('GET', '/admin/audit', { ...options, query: { cursor } }),

  // The mail outbox, like the audit log, is paged by the server alone; `status` narrows it.
  listEmails: ({ status, cursor } = {}, options) =>
    request('GET', '/admin/emails', { ...options, query: { status, cursor } }),
  retryEmail: (id) => request('POST', `/admin/emails/${id}/retry`),

  // The ticket page's team tools (staff). Moves the ticket's comments and images to `intoId`
  // and closes it; answers the target ticket.
  mergeTicket: (id, intoId) => request('POST', `/tickets/${id}/merge`, { body: { into_id: intoId } }),

  // Canned replies (staff): the caller's own plus the shared ones, by title; `q` searches titles and texts.
  listCannedReplies: ({ q } = {}, options) => request('GET', '/canned-replies', { ...options, query: { q } }),
  createCannedReply: (reply) => request('POST', '/canned-replies', { body: reply }),
  updateCannedReply: (id, changes) => request('PATCH', `/canned-replies/${id}`, { body: changes }),
  deleteCannedReply: (id) => request('DELETE', `/canned-replies/${id}`),
};
