// The ticket page's team tools: the tag rules and how a set is saved, the customer's
// other tickets, and what the merge dialog says about a target.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { api } from '../src/api.js';
import { useTagSaving } from '../src/components/useTagSaving.js';
import { OTHER_TICKETS_SHOWN, otherTickets, otherTicketsQuery } from '../src/customerTickets.js';
import { clearSession, setSession } from '../src/session.js';
import { mergeCandidates, mergeProblem, mergedMessage, parseTicketNumber } from '../src/ticketMerge.js';
import {
  TAGS_PER_TICKET, normalizeTag, tagProblem, tagSaveError, withTag, withoutTag,
} from '../src/ticketTags.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const agent = { id: 2, username: 'alex', role: 'agent' };
const bob = { id: 7, username: 'bob' };
const carla = { id: 8, username: 'carla' };
const ticketOf = (author, id, fields = {}) => ({ id, title: `Ticket ${id}`, author_id: author.id, author, ...fields });
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets/301');
  clearSession();
  setSession({ token: 'jwt', user: agent });
});

describe('a tag', () => {
  test('is trimmed and lower-cased', () => {
    assert.equal(normalizeTag('  Billing-EU '), 'billing-eu');
    assert.equal(normalizeTag(undefined), '');
  });

  test('is 1-32 of a-z, digits, "-", "_" and "."', () => {
    for (const good of ['billing', 'v2.3_hotfix', 'a', 'x'.repeat(32), 'eu-west-1']) {
      assert.equal(tagProblem(good, []), null, good);
    }
    for (const bad of ['', 'two words', 'über', 'x'.repeat(33), 'a/b', 'c#', 'tag,other']) {
      assert.match(tagProblem(bad, []), /1-32 letters/, bad);
    }
  });

  test('is added once, and at most 20 go on a ticket', () => {
    assert.equal(tagProblem('billing', ['billing', 'vip']), '“billing” is already on this ticket.');
    const full = Array.from({ length: TAGS_PER_TICKET }, (_, index) => `tag${index}`);
    assert.equal(tagProblem('one-more', full), 'A ticket can have at most 20 tags.');
    assert.equal(tagProblem('one-more', full.slice(1)), null);
  });

  test('sets stay sorted, without duplicates', () => {
    assert.deepEqual(withTag(['billing', 'vip'], 'eu'), ['billing', 'eu', 'vip']);
    const tags = ['billing'];
    assert.equal(withTag(tags, 'billing'), tags);
    assert.deepEqual(withoutTag(['billing', 'eu', 'vip'], 'eu'), ['billing', 'vip']);
  });

  test('a refusal says which rule, from the field error when there is one', () => {
    const refused = { reason: 'Validation failed', fields: { tags: "each tag must be 1-32 characters of letters, digits, '-', '_' or '.'" } };
    assert.equal(tagSaveError(refused), "Tags not saved: each tag must be 1-32 characters of letters, digits, '-', '_' or '.'.");
    assert.equal(tagSaveError({ reason: 'You are not allowed to do that.', fields: {} }), 'You are not allowed to do that.');
  });
});

describe('saving tags', () => {
  const ticket = { id: 301, tags: ['billing'], updated_at: '2024-05-01T10:00:00Z' };

  test('sends the whole set, shows it while on its way, then the ticket the server answers', async () => {
    const saved = [];
    const hook = await renderHook(({ current }) => useTagSaving(current, (updated) => saved.push(updated)), { current: ticket });
    const answer = browser.fetch.hold();
    let done;
    await hook.act(() => { done = hook.result.current.save(['billing', 'vip']); });
    assert.deepEqual(hook.result.current.tags, ['billing', 'vip']);
    assert.equal(browser.fetch.requests[0].method, 'PATCH');
    assert.equal(browser.fetch.requests[0].url, '/api/tickets/301');
    assert.deepEqual(JSON.parse(browser.fetch.requests[0].body), { tags: ['billing', 'vip'] });

    const updated = { ...ticket, tags: ['billing', 'vip'], updated_at: '2024-05-01T10:01:00Z' };
    await hook.act(() => answer(200, updated));
    assert.equal(await done, true);
    assert.deepEqual(saved, [updated]);
    await hook.rerender({ current: updated });
    assert.deepEqual(hook.result.current.tags, ['billing', 'vip']);
  });

  test('a second change waits for the first, so the last set chosen is the one kept', async () => {
    const hook = await renderHook(({ current }) => useTagSaving(current, () => {}), { current: ticket });
    const answerFirst = browser.fetch.hold();
    await hook.act(() => { hook.result.current.save(['billing', 'vip']); });
    browser.fetch.answer(200, { ...ticket, tags: ['billing', 'eu', 'vip'] });
    await hook.act(() => { hook.result.current.save(['billing', 'eu', 'vip']); });
    assert.equal(browser.fetch.requests.length, 1, 'the second set is not sent before the first is in');
    assert.deepEqual(hook.result.current.tags, ['billing', 'eu', 'vip']);

    await hook.act(() => answerFirst(200, { ...ticket, tags: ['billing', 'vip'] }));
    assert.deepEqual(browser.fetch.requests.map((request) => JSON.parse(request.body).tags), [
      ['billing', 'vip'], ['billing', 'eu', 'vip'],
    ]);
  });

  test('a refused set goes back to the ticket’s tags and says why', async () => {
    const hook = await renderHook(({ current }) => useTagSaving(current, () => assert.fail('nothing was saved')), { current: ticket });
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { tags: 'at most 20 tags per ticket' } });
    let saved;
    await hook.act(async () => { saved = await hook.result.current.save(['billing', 'x']); });
    assert.equal(saved, false);
    assert.deepEqual(hook.result.current.tags, ['billing']);
    assert.equal(hook.result.current.error, 'Tags not saved: at most 20 tags per ticket.');
  });
});

describe('the customer’s other tickets', () => {
  const open = ticketOf(bob, 301);

  test('are asked for by author, one more than shown', () => {
    assert.deepEqual(otherTicketsQuery(open), { author_id: 7, limit: OTHER_TICKETS_SHOWN + 1 });
  });

  test('leave out the open ticket and keep five, newest first as sent', () => {
    const items = [305, 304, 301, 303, 302, 300].map((id) => ticketOf(bob, id));
    assert.deepEqual(otherTickets(items, open).map((ticket) => ticket.id), [305, 304, 303, 302, 300]);
  });

  test('show the five latest when the open ticket is older than them all', () => {
    const items = [310, 309, 308, 307, 306, 305].map((id) => ticketOf(bob, id));
    assert.deepEqual(otherTickets(items, open).map((ticket) => ticket.id), [310, 309, 308, 307, 306]);
  });

  test('never include another customer’s ticket', () => {
    assert.deepEqual(otherTickets([ticketOf(carla, 400), ticketOf(bob, 302)], open).map((ticket) => ticket.id), [302]);
  });

  test('are none when the customer has only this one', () => {
    assert.deepEqual(otherTickets([open], open), []);
  });
});

describe('merging', () => {
  const source = ticketOf(bob, 301);

  test('reads the number typed, with or without "#"', () => {
    assert.equal(parseTicketNumber('298'), 298);
    assert.equal(parseTicketNumber(' #298 '), 298);
    assert.equal(parseTicketNumber('# 298'), 298);
    for (const text of ['', '0', '-3', '29.8', 'abc', '#', '1e3', undefined]) {
      assert.equal(parseTicketNumber(text), null, String(text));
    }
  });

  test('into another ticket of the same customer is allowed', () => {
    assert.equal(mergeProblem(source, ticketOf(bob, 298)), null);
    assert.equal(mergeProblem(source, ticketOf(bob, 298, { status: 'closed', merged_into_id: null })), null);
  });

  test('says plainly when the authors differ, naming both', () => {
    const problem = mergeProblem(source, ticketOf(carla, 298));
    assert.equal(
      problem,
      '#298 is from carla, this ticket from bob. Only tickets from the same customer can be merged: '
        + 'a customer must never see another customer’s conversation.',
    );
  });

  test('refuses the ticket itself, a merged target and a merged source', () => {
    assert.equal(mergeProblem(source, source), 'A ticket cannot be merged into itself.');
    assert.equal(
      mergeProblem(source, ticketOf(bob, 298, { merged_into_id: 250 })),
      '#298 was itself merged into #250. Merge into #250 instead.',
    );
    assert.equal(
      mergeProblem({ ...source, merged_into_id: 250 }, ticketOf(bob, 298)),
      'This ticket was already merged into #250.',
    );
  });

  test('offers the customer’s other tickets that are not merged', () => {
    const items = [ticketOf(bob, 305), source, ticketOf(bob, 299, { merged_into_id: 305 }), ticketOf(carla, 298), ticketOf(bob, 297)];
    assert.deepEqual(mergeCandidates(items, source).map((ticket) => ticket.id), [305, 297]);
  });

  test('is confirmed in the words the target page shows', () => {
    assert.equal(mergedMessage(301, 298), 'Merged #301 into #298');
  });
});

describe('the api', () => {
  test('merges with the target’s id and answers the target', async () => {
    browser.fetch.answer(200, { id: 298, title: 'Printer' });
    assert.deepEqual(await api.mergeTicket(301, 298), { id: 298, title: 'Printer' });
    const [request] = browser.fetch.requests;
    assert.equal(`${request.method} ${request.url}`, 'POST /api/tickets/301/merge');
    assert.deepEqual(JSON.parse(request.body), { into_id: 298 });
  });

  test('asks for a customer’s tickets by author', async () => {
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listTickets(otherTicketsQuery(ticketOf(bob, 301)));
    assert.deepEqual(browser.fetch.requests.map((request) => request.url), ['/api/tickets?author_id=7&limit=6']);
  });
});
