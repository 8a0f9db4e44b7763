import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatMiB, sentence, timeAgo } from '../src/format.js';
import { imageProblem } from '../src/images.js';
import { policies } from '../src/policies.js';

const now = Date.parse('2024-05-01T12:00:00Z');

test('timeAgo speaks in minutes, hours and days', () => {
  assert.equal(timeAgo('2024-05-01T11:59:50Z', now), 'just now');
  assert.equal(timeAgo('2024-05-01T11:55:00Z', now), '5 min ago');
  assert.equal(timeAgo('2024-05-01T09:00:00Z', now), '3 h ago');
  assert.equal(timeAgo('2024-04-29T12:00:00Z', now), '2 d ago');
});

test('images over 5 MiB or of other types are refused before upload', () => {
  assert.equal(imageProblem({ name: 'a.png', type: 'image/png', size: 1000 }), null);
  assert.match(imageProblem({ name: 'a.pdf', type: 'application/pdf', size: 1000 }), /not a PNG/);
  assert.equal(
    imageProblem({ name: 'big.jpg', type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 }),
    'big.jpg is 5.1 MiB; images can be at most 5 MiB.',
  );
});

test('sizes count in 1024s; errors give them in MiB, rounded up', () => {
  assert.equal(formatBytes(900), '900 B');
  assert.equal(formatBytes(300 * 1024), '300 KiB');
  assert.equal(formatBytes(7.25 * 1024 * 1024), '7.3 MiB');
  assert.equal(formatMiB(5 * 1024 * 1024), '5 MiB');
  assert.equal(formatMiB(512 * 1024), '0.5 MiB');
});

test('policies mirror the server roles', () => {
  const customer = { id: 1, role: 'customer' };
  const agent = { id: 2, role: 'agent' };
  const admin = { id: 3, role: 'admin' };
  const ticket = { id: 9, author_id: 1 };
  assert.equal(policies.seeInternalNotes(customer), false);
  assert.equal(policies.seeInternalNotes(agent), true);
  assert.equal(policies.closeOrReopenTicket(customer, ticket), true);
  assert.equal(policies.closeOrReopenTicket({ id: 5, role: 'customer' }, ticket), false);
  assert.equal(policies.deleteTicket(agent), false);
  assert.equal(policies.deleteTicket(admin), true);
  assert.equal(policies.manageUsers(agent), false);
});

test('server field messages are shown as sentences', () => {
  assert.equal(sentence('must be 8-72 bytes long'), 'Must be 8-72 bytes long.');
  assert.equal(sentence('Already taken.'), 'Already taken.');
});
