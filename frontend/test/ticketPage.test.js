// The ticket page's feedback: a reply followed by a status change, and the words
// that confirm a change.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { sendReply } from '../src/components/sendReply.js';
import { describeChange } from '../src/components/TicketControls.jsx';
import { useTransientMessage } from '../src/components/useTransientMessage.js';
import { clearSession, setSession } from '../src/session.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const agent = { id: 2, username: 'alex', role: 'agent' };
const comment = { id: 40, text: 'Fixed in 2.3.1', internal: false };
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets/301');
  clearSession();
  setSession({ token: 'jwt', user: agent });
});

const calls = () => browser.fetch.requests.map((request) => `${request.method} ${request.url}`);

describe('sendReply', () => {
  test('a plain reply is one request', async () => {
    browser.fetch.answer(201, comment);
    const result = await sendReply(301, { text: 'Fixed in 2.3.1', internal: false });
    assert.deepEqual(result, { comment });
    assert.deepEqual(calls(), ['POST /api/tickets/301/comments']);
  });

  test('"Send and close" sends the reply, then the status', async () => {
    browser.fetch.answer(201, comment);
    browser.fetch.answer(200, { id: 301, status: 'closed' });
    const result = await sendReply(301, { text: 'Fixed in 2.3.1', internal: false }, 'closed');
    assert.deepEqual(result, { comment, ticket: { id: 301, status: 'closed' } });
    assert.deepEqual(calls(), ['POST /api/tickets/301/comments', 'PATCH /api/tickets/301']);
    assert.deepEqual(JSON.parse(browser.fetch.requests[1].body), { status: 'closed' });
  });

  test('a failed status change keeps the sent reply and says why, without sending it again', async () => {
    browser.fetch.answer(201, comment);
    browser.fetch.answer(409, { error: true, reason: 'The ticket was changed meanwhile.' });
    const result = await sendReply(301, { text: 'Fixed in 2.3.1', internal: false }, 'closed');
    assert.deepEqual(result.comment, comment);
    assert.equal(result.ticket, undefined);
    assert.equal(result.statusError.status, 409);
    assert.equal(result.statusError.reason, 'The ticket was changed meanwhile.');
    assert.deepEqual(calls(), ['POST /api/tickets/301/comments', 'PATCH /api/tickets/301']);
  });

  test('screenshots are attached to the new reply before the status is set', async () => {
    browser.fetch.answer(201, comment);
    browser.fetch.answer(200, { id: 301, status: 'closed' });
    const steps = [];
    const attach = async (commentId) => {
      steps.push(`attach to ${commentId} after ${calls().join(', ')}`);
    };
    const result = await sendReply(301, { text: 'Fixed in 2.3.1', internal: false }, 'closed', attach);
    assert.deepEqual(steps, ['attach to 40 after POST /api/tickets/301/comments']);
    assert.deepEqual(calls(), ['POST /api/tickets/301/comments', 'PATCH /api/tickets/301']);
    assert.deepEqual(result, { comment, ticket: { id: 301, status: 'closed' } });
  });

  test('a reply that fails is an error, and the status is left alone', async () => {
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { text: 'is too long' } });
    let attached = false;
    const attach = async () => { attached = true; };
    await assert.rejects(sendReply(301, { text: 'x', internal: false }, 'closed', attach), { status: 422 });
    assert.deepEqual(calls(), ['POST /api/tickets/301/comments']);
    assert.equal(attached, false, 'no screenshot goes out without its reply');
  });
});

describe('describeChange', () => {
  test('says what the field is now', () => {
    assert.equal(describeChange('status', { status: 'closed' }), 'Status changed to Closed');
    assert.equal(describeChange('status', { status: 'in_progress' }), 'Status changed to In progress');
    assert.equal(describeChange('priority', { priority: 'urgent' }), 'Priority changed to Urgent');
    assert.equal(describeChange('assignee', { assignee: { username: 'alex' } }), 'Assigned to alex');
    assert.equal(describeChange('assignee', { assignee: null }), 'Unassigned');
  });
});

describe('useTransientMessage', () => {
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  test('a message goes away by itself; a newer one starts the clock again', async () => {
    const message = await renderHook(() => useTransientMessage(60));
    await message.act(() => message.result.current[1]('Status changed to Closed'));
    assert.equal(message.result.current[0], 'Status changed to Closed');
    await message.act(() => wait(40));
    await message.act(() => message.result.current[1]('Priority changed to High'));
    await message.act(() => wait(40));
    assert.equal(message.result.current[0], 'Priority changed to High');
    await message.act(() => wait(40));
    assert.equal(message.result.current[0], '');
    await message.unmount();
  });
});
