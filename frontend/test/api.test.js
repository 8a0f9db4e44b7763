import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ApiError, api } from '../src/api.js';
import { currentLocation } from '../src/router.jsx';
import { TOKEN_KEY, USER_KEY, clearSession, getSession, setSession } from '../src/session.js';
import { fakeUploads, installBrowser } from './fakes.js';

const user = { id: 7, username: 'cara', email: 'cara@example.com', role: 'customer', created_at: '2024-01-01T00:00:00Z' };
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets?status=open');
  clearSession();
});

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('requests', () => {
  test('send the bearer token when signed in', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { id: 3 });
    await api.getTicket(3);
    const [request] = browser.fetch.requests;
    assert.equal(request.url, '/api/tickets/3');
    assert.equal(request.method, 'GET');
    assert.equal(request.headers.Authorization, 'Bearer abc');
  });

  test('send no Authorization header when signed out', async () => {
    browser.fetch.answer(200, { status: 'ok' });
    await api.stats();
    assert.equal(browser.fetch.requests[0].headers.Authorization, undefined);
  });

  test('send JSON bodies', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(201, { id: 1 });
    await api.createTicket({ title: 'Printer', description: 'Jammed', priority: 'high' });
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), { title: 'Printer', description: 'Jammed', priority: 'high' });
  });

  test('put filters in the query string, leaving out empty ones', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listTickets({ status: 'open', priority: '', assignee_id: 'me', q: 'vpn', cursor: undefined, limit: 20 });
    assert.equal(browser.fetch.requests[0].url, '/api/tickets?status=open&assignee_id=me&q=vpn&limit=20');
  });

  test('answer null for 204 No Content', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(204);
    assert.equal(await api.deleteTicket(3), null);
  });
});

describe('history, SLA and audit', () => {
  test('a ticket\'s history is a GET under the ticket', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [] });
    await api.ticketHistory(12);
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '/api/tickets/12/history');
  });

  test('the SLA configuration is read with GET and replaced whole with PUT', async () => {
    setSession({ token: 'abc', user });
    const config = { timezone: 'UTC', business_hours: { mon: [['09:00', '17:00']] }, holidays: [], targets: {} };
    browser.fetch.answer(200, config);
    browser.fetch.answer(200, config);
    await api.getSla();
    await api.updateSla(config);
    const [read, write] = browser.fetch.requests;
    assert.equal(read.method, 'GET');
    assert.equal(read.url, '/api/sla');
    assert.equal(write.method, 'PUT');
    assert.equal(write.url, '/api/sla');
    assert.equal(write.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(write.body), config);
  });

  test('SLA field errors keep their dotted names', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { 'business_hours.mon': 'intervals must not overlap' } });
    const error = await rejection(api.updateSla({}));
    assert.deepEqual(error.fields, { 'business_hours.mon': 'intervals must not overlap' });
  });

  test('the audit log sends only the cursor (it takes no page size)', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [], next_cursor: 'n2' });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listAudit({ limit: 20 });
    await api.listAudit({ limit: 20, cursor: 'n2' });
    assert.equal(browser.fetch.requests[0].method, 'GET');
    assert.equal(browser.fetch.requests[0].url, '/api/admin/audit');
    assert.equal(browser.fetch.requests[1].url, '/api/admin/audit?cursor=n2');
  });

  test('the SLA filter and the due order go in the ticket query', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listTickets({ sla: 'at_risk', sort: 'due', limit: 20 });
    assert.equal(browser.fetch.requests[0].url, '/api/tickets?sla=at_risk&sort=due&limit=20');
  });

  test('the activity order pages with the cursor like the others', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listTickets({ sort: 'activity', cursor: 'k9', limit: 20 });
    assert.equal(browser.fetch.requests[0].url, '/api/tickets?sort=activity&cursor=k9&limit=20');
  });
});

describe('the mail outbox', () => {
  test('lists emails with the status filter and the cursor only (the page size is the server\'s)', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(200, { items: [], next_cursor: 'e2' });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listEmails({ status: 'failed', limit: 20 });
    await api.listEmails({ status: 'failed', limit: 20, cursor: 'e2' });
    await api.listEmails({ status: '', limit: 20 });
    assert.deepEqual(browser.fetch.requests.map((request) => [request.method, request.url]), [
      ['GET', '/api/admin/emails?status=failed'],
      ['GET', '/api/admin/emails?status=failed&cursor=e2'],
      ['GET', '/api/admin/emails'],
    ]);
    assert.equal(browser.fetch.requests[0].headers.Authorization, 'Bearer abc');
  });

  test('retrying an email is a POST without a body that answers the email as it is now', async () => {
    setSession({ token: 'abc', user });
    const email = { id: 41, kind: 'staff_reply', status: 'pending', attempts: 0 };
    browser.fetch.answer(200, email);
    assert.deepEqual(await api.retryEmail(41), email);
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/admin/emails/41/retry');
    assert.equal(request.body, undefined);
  });

  test('a retry of a message already sent carries the server\'s reason', async () => {
    setSession({ token: 'abc', user });
    browser.fetch.answer(409, { error: true, reason: 'This email has already been sent.' });
    const error = await rejection(api.retryEmail(41));
    assert.equal(error.status, 409);
    assert.equal(error.reason, 'This email has already been sent.');
  });
});

describe('email settings and password reset', () => {
  test('updateMe sends the change and keeps the answer as the signed-in user', async () => {
    setSession({ token: 'jwt-1', user: { ...user, email_notifications: true } });
    browser.fetch.answer(200, { ...user, email_notifications: false });
    const updated = await api.updateMe({ email_notifications: false });
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, '/api/auth/me');
    assert.deepEqual(JSON.parse(request.body), { email_notifications: false });
    assert.equal(updated.email_notifications, false);
    assert.equal(getSession().user.email_notifications, false);
    assert.equal(getSession().token, 'jwt-1');
    assert.equal(JSON.parse(browser.storage.getItem(USER_KEY)).email_notifications, false);
  });

  test('a refused updateMe leaves the cached user as it was', async () => {
    setSession({ token: 'jwt-1', user: { ...user, email_notifications: true } });
    browser.fetch.answer(500, { error: true, reason: 'Database is down' });
    const error = await rejection(api.updateMe({ email_notifications: false }));
    assert.equal(error.reason, 'Database is down');
    assert.equal(getSession().user.email_notifications, true);
  });

  test('asking for a reset link posts the address and answers the server\'s neutral words', async () => {
    const neutral = { status: 'If that address has an account, we sent a link to it.' };
    browser.fetch.answer(202, neutral);
    assert.deepEqual(await api.requestPasswordReset('cara@example.com'), neutral);
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/auth/password-reset');
    assert.deepEqual(JSON.parse(request.body), { email: 'cara@example.com' });
    assert.equal(request.headers.Authorization, undefined);
  });

  test('too many reset requests are a 429 with the wait', async () => {
    browser.fetch.answer(429, { error: true, reason: 'Too many password reset requests' }, { 'Retry-After': '60' });
    const error = await rejection(api.requestPasswordReset('cara@example.com'));
    assert.equal(error.status, 429);
    assert.equal(error.reason, 'Too many password reset requests');
    assert.equal(error.retryAfter, 60);
  });

  test('a reset signs in with the token and user the server answers', async () => {
    browser.fetch.answer(200, { token: 'jwt-9', user });
    const signedIn = await api.resetPassword({ token: 'link-token', password: 'a-new-password' });
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/auth/password-reset/confirm');
    assert.deepEqual(JSON.parse(request.body), { token: 'link-token', password: 'a-new-password' });
    assert.deepEqual(signedIn, user);
    assert.equal(browser.storage.getItem(TOKEN_KEY), 'jwt-9');
    assert.deepEqual(getSession(), { token: 'jwt-9', user });
  });

  test('a reset replaces whoever was signed in on this browser', async () => {
    setSession({ token: 'someone-else', user: { ...user, id: 99 } });
    browser.fetch.answer(200, { token: 'jwt-9', user });
    await api.resetPassword({ token: 'link-token', password: 'a-new-password' });
    assert.equal(getSession().token, 'jwt-9');
    assert.equal(getSession().user.id, user.id);
  });

  test('a used or expired link is a 400 with its reason and no session', async () => {
    browser.fetch.answer(400, { error: true, reason: 'This link has expired.' });
    const error = await rejection(api.resetPassword({ token: 'old', password: 'a-new-password' }));
    assert.equal(error.status, 400);
    assert.equal(error.reason, 'This link has expired.');
    assert.equal(getSession().token, null);
    assert.deepEqual(browser.window.calls, []);
  });

  test('a password the server refuses comes back as a field error', async () => {
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { password: 'must be 8-72 bytes long' } });
    const error = await rejection(api.resetPassword({ token: 'link-token', password: 'short' }));
    assert.equal(error.status, 422);
    assert.deepEqual(error.fields, { password: 'must be 8-72 bytes long' });
    assert.equal(getSession().token, null);
  });
});

describe('errors', () => {
  test('carry the server reason and field errors', async () => {
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { email: 'is not a valid email' } });
    const error = await rejection(api.register({ username: 'cara', email: 'nope', password: 'x' }));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.equal(error.reason, 'Validation failed');
    assert.equal(error.message, 'Validation failed');
    assert.deepEqual(error.fields, { email: 'is not a valid email' });
  });

  test('fall back to a readable reason when the body is not JSON', async () => {
    browser.fetch.answer(502, '<html>Bad gateway</html>');
    const error = await rejection(api.stats());
    assert.equal(error.status, 502);
    assert.match(error.reason, /502/);
    assert.deepEqual(error.fields, {});
  });

  test('a 413 without a body explains the size limit', async () => {
    browser.fetch.answer(413, '');
    const error = await rejection(api.stats());
    assert.equal(error.reason, 'The file is larger than 5 MiB.');
  });

  test('a 429 reports Retry-After in seconds', async () => {
    browser.fetch.answer(429, { error: true, reason: 'Too many login attempts' }, { 'Retry-After': '30' });
    const error = await rejection(api.login({ email: 'a@b.c', password: 'secret123' }));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfter, 30);
  });

  test('an unreachable server becomes an ApiError with status 0', async () => {
    browser.fetch.fail(new TypeError('Failed to fetch'));
    const error = await rejection(api.stats());
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 0);
    assert.match(error.reason, /Cannot reach the server/);
  });

  test('an aborted request stays an AbortError', async () => {
    browser.fetch.fail(new DOMException('aborted', 'AbortError'));
    const error = await rejection(api.stats());
    assert.equal(error.name, 'AbortError');
  });
});

describe('401 Unauthorized', () => {
  test('signs out and goes to login with a redirectTo back here', async () => {
    setSession({ token: 'expired', user });
    browser.fetch.answer(401, { error: true, reason: 'Token expired' });
    const error = await rejection(api.listTickets({ status: 'open' }));
    assert.equal(error.status, 401);
    assert.equal(getSession().token, null);
    assert.equal(browser.storage.getItem(TOKEN_KEY), null);
    assert.equal(currentLocation(), '/login?redirectTo=%2Ftickets%3Fstatus%3Dopen');
    assert.deepEqual(browser.window.calls.at(-1)[0], 'replace');
  });

  test('on the login form it is just a failed attempt', async () => {
    browser.window.location.pathname = '/login';
    browser.window.location.search = '';
    browser.fetch.answer(401, { error: true, reason: 'Invalid email or password' });
    const error = await rejection(api.login({ email: 'a@b.c', password: 'wrong-password' }));
    assert.equal(error.reason, 'Invalid email or password');
    assert.deepEqual(browser.window.calls, []);
  });

  test('on a password-reset link it ends the stale session but stays on the page', async () => {
    browser.window.location.pathname = '/reset-password';
    browser.window.location.search = '?token=link-token';
    setSession({ token: 'expired', user });
    browser.fetch.answer(401, { error: true, reason: 'Token expired' });
    await rejection(api.refreshMe());
    assert.equal(getSession().token, null);
    assert.deepEqual(browser.window.calls, []);
    assert.equal(currentLocation(), '/reset-password?token=link-token');
  });

  test('does not sign out a session that already replaced the token', async () => {
    setSession({ token: 'old', user });
    let answer;
    globalThis.fetch = () => new Promise((resolve) => { answer = resolve; });
    const pending = rejection(api.stats());
    setSession({ token: 'new', user });
    answer(new Response(JSON.stringify({ error: true, reason: 'Token revoked' }), { status: 401 }));
    await pending;
    assert.equal(getSession().token, 'new');
    assert.deepEqual(browser.window.calls, []);
  });
});

describe('session', () => {
  test('login stores the token and user', async () => {
    browser.fetch.answer(200, { token: 'jwt-1', user });
    const signedIn = await api.login({ email: 'cara@example.com', password: 'password1' });
    assert.deepEqual(signedIn, user);
    assert.equal(browser.storage.getItem(TOKEN_KEY), 'jwt-1');
    assert.deepEqual(JSON.parse(browser.storage.getItem(USER_KEY)), user);
  });

  test('a password change replaces the token', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.answer(200, { token: 'jwt-2', user });
    await api.changePassword({ current_password: 'password1', new_password: 'password2' });
    assert.equal(browser.storage.getItem(TOKEN_KEY), 'jwt-2');
    assert.equal(browser.fetch.requests[0].headers.Authorization, 'Bearer jwt-1');
  });

  test('refreshMe updates the cached user', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.answer(200, { ...user, role: 'agent' });
    await api.refreshMe();
    assert.equal(getSession().user.role, 'agent');
    assert.equal(getSession().token, 'jwt-1');
  });

});

describe('signing out', () => {
  test('signOut ends the token on the server and forgets everything here', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.answer(204);
    await api.signOut();
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/auth/logout');
    assert.equal(request.headers.Authorization, 'Bearer jwt-1');
    assert.equal(browser.storage.getItem(TOKEN_KEY), null);
    assert.equal(browser.storage.getItem(USER_KEY), null);
  });

  test('signOut forgets the session at once, before the server answers', () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.hold();
    api.signOut();
    assert.equal(getSession().token, null);
  });

  test('signOut still signs out here when the server cannot be reached', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.fail(new TypeError('Failed to fetch'));
    await api.signOut();
    assert.equal(getSession().token, null);
  });

  test('signOut with an expired token is quiet: no redirect back to this page', async () => {
    setSession({ token: 'expired', user });
    browser.fetch.answer(401, { error: true, reason: 'Token expired' });
    await api.signOut();
    assert.equal(getSession().token, null);
    assert.deepEqual(browser.window.calls, []);
  });

  test('signOutEverywhere ends every session on the server, then this one', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.answer(204);
    await api.signOutEverywhere();
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/auth/logout-all');
    assert.equal(request.headers.Authorization, 'Bearer jwt-1');
    assert.equal(browser.storage.getItem(TOKEN_KEY), null);
  });

  test('signOutEverywhere that fails keeps this session, so it can be tried again', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.fail(new TypeError('Failed to fetch'));
    const error = await rejection(api.signOutEverywhere());
    assert.equal(error.status, 0);
    assert.equal(getSession().token, 'jwt-1');
  });
});

describe('images', () => {
  test('are fetched as blobs with the token', async () => {
    setSession({ token: 'jwt-1', user });
    browser.fetch.answer(200, 'PNGDATA', { 'Content-Type': 'image/png' });
    const blob = await api.imageBlob(5);
    assert.equal(browser.fetch.requests[0].url, '/api/images/5');
    assert.equal(browser.fetch.requests[0].headers.Authorization, 'Bearer jwt-1');
    assert.equal(await blob.text(), 'PNGDATA');
  });

  test('uploads report progress and turn a 415 into an ApiError', async () => {
    setSession({ token: 'jwt-1', user });
    const sent = fakeUploads([[415, { error: true, reason: 'Unsupported image type' }]]);
    const progress = [];
    const file = new File(['not really a png'], 'shot.png', { type: 'image/png' });
    const error = await rejection(api.uploadImage(4, file, { onProgress: (value) => progress.push(value) }));
    assert.equal(error.status, 415);
    assert.equal(error.reason, 'Unsupported image type');
    assert.deepEqual(progress, [0.5]);
    assert.equal(sent[0].url, '/api/tickets/4/images');
    assert.equal(sent[0].headers.Authorization, 'Bearer jwt-1');
    assert.equal(sent[0].form.get('image').name, 'shot.png');
    assert.equal(sent[0].form.has('comment_id'), false);
  });

  test('an upload for a comment names it in the field comment_id', async () => {
    setSession({ token: 'jwt-1', user });
    const sent = fakeUploads([[201, { id: 8, ticket_id: 4, comment_id: 42, filename: 'shot.png' }]]);
    const file = new File(['png'], 'shot.png', { type: 'image/png' });
    const image = await api.uploadImage(4, file, { commentId: 42 });
    assert.equal(image.comment_id, 42);
    assert.equal(sent[0].form.get('comment_id'), '42');
    assert.equal(sent[0].form.get('image').name, 'shot.png');
  });
});
