// The ticket list's orders and its "last reply" line, and which screenshots belong to which reply.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imagesByComment } from '../src/images.js';
import { countNewReplies, lastReplyText, pickSort, sortOptions } from '../src/ticketActivity.js';

const customer = { id: 1, role: 'customer' };
const agent = { id: 2, role: 'agent' };
const admin = { id: 3, role: 'admin' };

describe('sorting the ticket list', () => {
  test('everyone may sort by activity; only staff by due time', () => {
    assert.deepEqual(sortOptions(customer), [
      { value: '', label: 'Newest' },
      { value: 'activity', label: 'Recent activity' },
    ]);
    for (const staff of [agent, admin]) {
      assert.deepEqual(sortOptions(staff).map((option) => option.value), ['', 'activity', 'due']);
    }
  });

  test('an order from the URL counts only if the user may use it', () => {
    assert.equal(pickSort('activity', customer), 'activity');
    assert.equal(pickSort('due', customer), '');
    assert.equal(pickSort('due', agent), 'due');
    assert.equal(pickSort('created', agent), '');
    assert.equal(pickSort(undefined, agent), '');
  });
});

describe('the last reply line', () => {
  const alex = { id: 2, username: 'alex' };

  test('names who replied last, and says when it was an internal note', () => {
    assert.equal(lastReplyText({ author: alex, at: '2024-05-01T11:55:00Z', internal: false }), 'Last reply by alex');
    assert.equal(lastReplyText({ author: alex, at: '2024-05-01T11:55:00Z', internal: true }), 'Internal note by alex');
  });

  test('is empty before anyone replied', () => {
    assert.equal(lastReplyText(null), null);
    assert.equal(lastReplyText(undefined), null);
  });

  test('counts the tickets with a reply their customer has not opened', () => {
    assert.equal(countNewReplies([{ id: 1, new_reply: true }, { id: 2, new_reply: false }, { id: 3 }]), 1);
    assert.equal(countNewReplies([]), 0);
  });
});

describe('screenshots of a reply', () => {
  test('are grouped by the comment they were attached to, in order; the ticket\'s own are in none', () => {
    const images = [
      { id: 1, comment_id: null },
      { id: 2, comment_id: 40 },
      { id: 3, comment_id: 41 },
      { id: 4, comment_id: 40 },
      { id: 5 },
    ];
    const byComment = imagesByComment(images);
    assert.deepEqual([...byComment.keys()], [40, 41]);
    assert.deepEqual(byComment.get(40).map((image) => image.id), [2, 4]);
    assert.deepEqual(byComment.get(41).map((image) => image.id), [3]);
    assert.equal(byComment.get(42), undefined);
  });
});
