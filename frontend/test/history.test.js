// History lines in words, and their place among the replies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historyText, timeline } from '../src/history.js';

const maria = { id: 2, username: 'maria' };
const entry = (changes) => ({
  id: 1, action: 'updated', field: null, from: null, to: null, actor: maria, via: 'web', created_at: '2024-05-01T12:00:00Z',
  ...changes,
});

describe('historyText', () => {
  test('names the field and both values, with their labels', () => {
    assert.equal(historyText(entry({ field: 'priority', from: 'normal', to: 'high' })), 'maria changed priority from Normal to High');
    assert.equal(historyText(entry({ field: 'status', from: 'closed', to: 'in_progress' })), 'maria changed status from Closed to In progress');
  });

  test('assignments name the people', () => {
    const agent2 = { id: 3, username: 'agent2' };
    assert.equal(historyText(entry({ actor: agent2, field: 'assignee', from: null, to: 'agent3' })), 'agent2 assigned it to agent3');
    assert.equal(historyText(entry({ field: 'assignee', from: 'agent3', to: null })), 'maria unassigned agent3');
  });

  test('texts are not repeated in full', () => {
    assert.equal(historyText(entry({ field: 'description', from: 'old', to: 'new' })), 'maria edited the description');
    assert.equal(historyText(entry({ field: 'title', from: 'Printer', to: 'Printer jams' })), 'maria renamed the ticket to “Printer jams”');
  });

  test('other actions', () => {
    const customer = { id: 9, username: 'customer' };
    assert.equal(historyText(entry({ action: 'reopened', actor: customer })), 'customer reopened the ticket');
    assert.equal(historyText(entry({ action: 'created', actor: customer })), 'customer created the ticket');
    assert.equal(historyText(entry({ action: 'image_added', to: 'shot.png' })), 'maria added image shot.png');
    assert.equal(historyText(entry({ action: 'image_deleted', from: 'shot.png' })), 'maria deleted image shot.png');
  });

  test('tag changes say what was added and removed', () => {
    assert.equal(historyText(entry({ field: 'tags', from: '', to: 'billing' })), 'maria added tag billing');
    assert.equal(historyText(entry({ field: 'tags', from: 'billing, vip', to: 'urgent' })),
      'maria added tag urgent and removed tags billing, vip');
    assert.equal(historyText(entry({ field: 'tags', from: 'a, b', to: 'a, b' })), 'maria changed the tags');
  });

  test('merges name the other ticket on both sides', () => {
    assert.equal(historyText(entry({ action: 'merged', field: 'merged_into', to: '#12' })), 'maria merged this ticket into #12');
    assert.equal(historyText(entry({ action: 'merged', field: 'merged_from', to: '#7' })), 'maria merged #7 into this ticket');
  });

  test('says when a change came by email, and who made a change without a person', () => {
    assert.equal(historyText(entry({ action: 'reopened', via: 'email' })), 'maria reopened the ticket by email');
    assert.equal(historyText(entry({ actor: null, via: 'system', field: 'status', from: 'open', to: 'closed' })),
      'Helpdesk changed status from Open to Closed');
  });
});

describe('timeline', () => {
  test('interleaves replies and history by time; a reply comes before what it caused', () => {
    const comments = [
      { id: 10, created_at: '2024-05-01T10:00:00Z' },
      { id: 11, created_at: '2024-05-01T12:00:00Z' },
    ];
    const history = [
      entry({ id: 1, action: 'created', created_at: '2024-05-01T09:00:00Z' }),
      entry({ id: 2, field: 'priority', created_at: '2024-05-01T11:00:00Z' }),
      entry({ id: 3, action: 'reopened', created_at: '2024-05-01T12:00:00Z' }),
    ];
    assert.deepEqual(timeline(comments, history).map((item) => item.key),
      ['history-1', 'comment-10', 'history-2', 'comment-11', 'history-3']);
  });

  test('without history it is the conversation alone', () => {
    const comments = [{ id: 10, created_at: '2024-05-01T10:00:00Z' }];
    assert.deepEqual(timeline(comments, []).map((item) => item.kind), ['comment']);
  });
});
