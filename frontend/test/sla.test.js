// The due badge's words and tone for each SLA state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slaBadge } from '../src/sla.js';

const now = Date.parse('2024-05-01T12:00:00Z');
const sla = (changes) => ({
  first_response_due_at: null,
  first_responded_at: null,
  resolution_due_at: null,
  resolved_at: null,
  paused: false,
  state: 'ok',
  ...changes,
});

describe('slaBadge', () => {
  test('shows nothing without targets or without SLA data (customers)', () => {
    assert.equal(slaBadge(sla({ state: 'none' }), now), null);
    assert.equal(slaBadge(undefined, now), null);
  });

  test('ok: counts down to the first response while there is none', () => {
    const badge = slaBadge(sla({ first_response_due_at: '2024-05-01T14:00:00Z', resolution_due_at: '2024-05-02T12:00:00Z' }), now);
    assert.deepEqual(badge, { tone: 'ok', text: 'due in 2 h', at: '2024-05-01T14:00:00Z' });
  });

  test('ok: after the first response, counts down to the resolution', () => {
    const badge = slaBadge(sla({
      first_response_due_at: '2024-05-01T11:00:00Z',
      first_responded_at: '2024-05-01T10:30:00Z',
      resolution_due_at: '2024-05-01T17:00:00Z',
    }), now);
    assert.equal(badge.text, 'due in 5 h');
  });

  test('at risk is amber, with the same count-down', () => {
    const badge = slaBadge(sla({ state: 'at_risk', first_response_due_at: '2024-05-01T12:25:00Z' }), now);
    assert.deepEqual(badge, { tone: 'at_risk', text: 'due in 25 min', at: '2024-05-01T12:25:00Z' });
  });

  test('breached: an unanswered first response counts from its due time', () => {
    const badge = slaBadge(sla({
      state: 'breached',
      first_response_due_at: '2024-05-01T09:00:00Z',
      resolution_due_at: '2024-05-01T18:00:00Z',
    }), now);
    assert.deepEqual(badge, { tone: 'breached', text: 'breached 3 h ago', at: '2024-05-01T09:00:00Z' });
  });

  test('breached: otherwise the resolution due time that passed', () => {
    const badge = slaBadge(sla({
      state: 'breached',
      first_response_due_at: '2024-05-01T08:00:00Z',
      first_responded_at: '2024-05-01T07:00:00Z',
      resolution_due_at: '2024-05-01T11:00:00Z',
    }), now);
    assert.equal(badge.text, 'breached 1 h ago');
  });

  test('breached: a late first response was missed when it fell due', () => {
    const badge = slaBadge(sla({
      state: 'breached',
      first_response_due_at: '2024-05-01T08:00:00Z',
      first_responded_at: '2024-05-01T10:00:00Z',
      resolution_due_at: '2024-05-02T12:00:00Z',
    }), now);
    assert.equal(badge.text, 'breached 4 h ago');
  });

  test('breached with no due time left to count from says just that', () => {
    assert.deepEqual(slaBadge(sla({ state: 'breached', paused: true }), now), { tone: 'breached', text: 'breached', at: null });
  });

  test('paused tickets wait on the customer; closed ones that kept every target are met', () => {
    assert.equal(slaBadge(sla({ paused: true }), now).text, 'waiting on customer');
    assert.equal(slaBadge(sla({ paused: true }), now).tone, 'paused');
    assert.deepEqual(slaBadge(sla({ state: 'met', resolved_at: '2024-05-01T10:00:00Z' }), now), { tone: 'met', text: 'met', at: null });
  });
});
