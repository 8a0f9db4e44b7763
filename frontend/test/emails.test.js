// What the admin's outbox page says about a message, and which filter its address asks for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMAIL_STATUSES, canRetry, emailKindLabel, emailStatusFromQuery, emailStatusLabels } from '../src/emails.js';

describe('emailKindLabel', () => {
  test('names every kind the server sends in words', () => {
    const kinds = ['ticket_received', 'ticket_created', 'staff_reply', 'customer_reply', 'internal_note', 'assigned',
      'closed', 'password_reset'];
    const labels = kinds.map(emailKindLabel);
    assert.deepEqual(labels, ['Request received', 'New ticket', 'Staff reply', 'Customer reply', 'Internal note',
      'Assigned', 'Ticket closed', 'Password reset']);
    assert.equal(new Set(labels).size, kinds.length, 'no two kinds read the same');
  });

  test('a kind added on the server later still reads as words', () => {
    assert.equal(emailKindLabel('survey_request'), 'Survey request');
    assert.equal(emailKindLabel('digest'), 'Digest');
  });

  test('a missing kind does not break the row', () => {
    assert.equal(emailKindLabel(undefined), 'Unknown');
    assert.equal(emailKindLabel(''), 'Unknown');
  });
});

describe('emailStatusFromQuery', () => {
  test('takes the statuses the server filters by', () => {
    for (const status of EMAIL_STATUSES) assert.equal(emailStatusFromQuery({ status }), status);
  });

  test('anything else, or nothing, means every message', () => {
    assert.equal(emailStatusFromQuery({}), '');
    assert.equal(emailStatusFromQuery({ status: 'bounced' }), '');
    assert.equal(emailStatusFromQuery({ status: 'FAILED' }), '');
  });

  test('every status has a label', () => {
    assert.deepEqual(EMAIL_STATUSES.map((status) => emailStatusLabels[status]), ['Pending', 'Sent', 'Failed']);
  });
});

describe('canRetry', () => {
  test('a failed or waiting message may be sent again; a sent one may not', () => {
    assert.equal(canRetry({ status: 'failed' }), true);
    assert.equal(canRetry({ status: 'pending' }), true);
    assert.equal(canRetry({ status: 'sent' }), false);
  });
});
