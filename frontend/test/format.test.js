import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatMiB, relativeTime, sentence, timeAgo } from '../src/format.js';
import { imageProblem } from '../src/images.js';
import { policies } from '../src/policies.js';

const now = Date.parse('2024-05-01T12:00:00Z');

test('timeAgo speaks in minutes, hours and days', () => {
  assert.equal(timeAgo('2024-05-01T11:59:50Z', now), 'just now');
  assert.equal(timeAgo('2024-05-01T11:55:00Z', now), '5 min ago');
  assert.equal(timeAgo('2024-05-01T09:00:00Z', now), '3 h ago');
  assert.equal(timeAgo('2024-04-29T12:00:00Z', now), '2 d ago');
});

test('timeAgo calls a time slightly ahead of this clock just now, and gives a date after a month', () => {
  assert.equal(timeAgo('2024-05-01T12:00:30Z', now), 'just now');
  assert.equal(timeAgo('2024-04-29T12:00:00Z', now), '2 d ago');
  assert.doesNotMatch(timeAgo('2024-03-01T12:00:00Z', now), /ago/);
});

test('relativeTime counts forwards and backwards in the same units', () => {
  assert.equal(relativeTime('2024-05-01T14:00:00Z', now), 'in 2 h');
  assert.equal(relativeTime('2024-05-01T12:25:00Z', now), 'in 25 min');
  assert.equal(relativeTime('2024-05-01T12:00:10Z', now), 'in 1 min');
  assert.equal(relativeTime('2024-05-04T13:00:00Z', now), 'in 3 d');
  assert.equal(relativeTime('2024-05-01T09:00:00Z', now), '3 h ago');
  assert.equal(relativeTime('2024-05-01T11:59:30Z', now), 'just now');
  assert.equal(relativeTime('2024-04-01T12:00:00Z', now), '30 d ago');
  assert.equal(relativeTime('not a date', now), '');
});

test('relativeTime never says 60 min: a span that rounds to an hour is in hours', () => {
  assert.equal(relativeTime('2024-05-01T12:59:50Z', now), 'in 1 h');
  assert.equal(relativeTime('2024-05-01T12:59:00Z', now), 'in 59 min');
  assert.equal(relativeTime('2024-05-01T10:00:01Z', now), '1 h ago');
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
  assert.equal(policies.seeHistory(customer), false);
  assert.equal(policies.seeHistory(agent), true);
  assert.equal(policies.seeSla(customer), false);
  assert.equal(policies.seeSla(admin), true);
  assert.equal(policies.configureSla(agent), false);
  assert.equal(policies.configureSla(admin), true);
  assert.equal(policies.readAuditLog(agent), false);
  assert.equal(policies.readAuditLog(admin), true);
});

test('server field messages are shown as sentences', () => {
  assert.equal(sentence('must be 8-72 bytes long'), 'Must be 8-72 bytes long.');
  assert.equal(sentence('Already taken.'), 'Already taken.');
});
