// Screenshots sent with a reply: uploaded naming the reply, a failed one kept for
// that reply until it is tried again, new files left for the next reply.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { useReplyAttachments } from '../src/components/useReplyAttachments.js';
import { clearSession, setSession } from '../src/session.js';
import { fakeUploads, installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

// The uploads made since the last fakeUploads(answers), as the server saw them.
let uploads;
const answerUploads = (answers) => { uploads = fakeUploads(answers); };
const sentAs = (request) => ({
  url: request.url,
  name: request.form.get('image').name,
  commentId: request.form.get('comment_id'),
});

const png = (name) => new File(['png'], name, { type: 'image/png' });
const names = (items) => items.map((item) => item.file.name);

beforeEach(() => {
  installBrowser('/tickets/301');
  clearSession();
  setSession({ token: 'jwt', user: { id: 7, role: 'customer' } });
});

async function renderAttachments() {
  const uploaded = [];
  const hook = await renderHook(() => useReplyAttachments(301, (image) => uploaded.push(image)));
  return { hook, uploaded, current: () => hook.result.current };
}

test('each file is uploaded naming the reply; those taken leave the list', async () => {
  answerUploads([[201, { id: 1, comment_id: 40 }], [201, { id: 2, comment_id: 40 }]]);
  const { hook, uploaded, current } = await renderAttachments();
  await hook.act(() => { current().add([png('a.png'), png('b.png')]); });
  assert.deepEqual(names(current().waiting), ['a.png', 'b.png']);

  await hook.act(() => current().attach(40));
  assert.deepEqual(uploads.map(sentAs), [
    { url: '/api/tickets/301/images', name: 'a.png', commentId: '40' },
    { url: '/api/tickets/301/images', name: 'b.png', commentId: '40' },
  ]);
  assert.deepEqual(uploaded.map((image) => image.id), [1, 2]);
  assert.deepEqual(current().items, []);
});

test('a refused file keeps its error and its reply; a retry sends it to that reply, not the next', async () => {
  answerUploads([
    [201, { id: 1, comment_id: 40 }],
    [415, { error: true, reason: 'Only PNG, JPEG, GIF and WebP images are accepted' }],
  ]);
  const { hook, uploaded, current } = await renderAttachments();
  await hook.act(() => { current().add([png('a.png'), png('fake.png')]); });
  await hook.act(() => current().attach(40));

  assert.deepEqual(uploaded.map((image) => image.id), [1]);
  assert.deepEqual(names(current().unattached), ['fake.png']);
  assert.equal(current().unattached[0].state, 'failed');
  assert.equal(current().unattached[0].error.reason, 'Only PNG, JPEG, GIF and WebP images are accepted');
  assert.deepEqual(current().waiting, []);

  // A file chosen now is for the next reply.
  await hook.act(() => { current().add([png('next.png')]); });
  assert.deepEqual(names(current().waiting), ['next.png']);

  answerUploads([[201, { id: 3, comment_id: 40 }]]);
  await hook.act(() => current().retry());
  assert.deepEqual(uploads.map(sentAs), [{ url: '/api/tickets/301/images', name: 'fake.png', commentId: '40' }]);
  assert.deepEqual(uploaded.map((image) => image.id), [1, 3]);
  assert.deepEqual(current().unattached, []);
  assert.deepEqual(names(current().items), ['next.png']);
});

test('removing a failed file forgets it', async () => {
  answerUploads([[500, { error: true, reason: 'The server is busy.' }]]);
  const { hook, current } = await renderAttachments();
  await hook.act(() => { current().add([png('a.png')]); });
  await hook.act(() => current().attach(40));
  assert.equal(current().unattached.length, 1);
  await hook.act(() => { current().remove(current().unattached[0].key); });
  assert.deepEqual(current().items, []);
  assert.deepEqual(current().unattached, []);
});
