// The ticket list's pages: first page, "Load more", and what happens to answers
// that arrive after the filters changed.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { clearSession, setSession } from '../src/session.js';
import { useTicketPages } from '../src/views/Tickets.jsx';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const user = { id: 2, username: 'ada', role: 'agent' };
const noFilters = { q: '', status: '', priority: '', assignee: '' };
const tickets = (...ids) => ids.map((id) => ({ id, title: `Ticket ${id}` }));
const ids = (pages) => pages.items.map((ticket) => ticket.id);
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets');
  clearSession();
  setSession({ token: 'jwt-1', user });
});

const renderList = (filters) => renderHook(({ filters: current }) => useTicketPages(current), { filters });

describe('useTicketPages', () => {
  test('loads the first page, then the next one through its cursor', async () => {
    browser.fetch.answer(200, { items: tickets(1, 2), next_cursor: 'c2' });
    const list = await renderList(noFilters);
    assert.deepEqual(ids(list.result.current), [1, 2]);
    assert.equal(list.result.current.hasMore, true);

    browser.fetch.answer(200, { items: tickets(3), next_cursor: null });
    await list.act(() => { list.result.current.loadMore(); });
    assert.deepEqual(ids(list.result.current), [1, 2, 3]);
    assert.equal(list.result.current.hasMore, false);
    assert.equal(browser.fetch.requests[0].url, '/api/tickets?limit=20');
    assert.equal(browser.fetch.requests[1].url, '/api/tickets?limit=20&cursor=c2');
  });

  test('a page of the old filters that arrives after they changed is not added to the new list', async () => {
    browser.fetch.answer(200, { items: tickets(1, 2), next_cursor: 'c2' });
    const list = await renderList(noFilters);

    // "Load more" for the unfiltered list is still on its way...
    const answerOldPage = browser.fetch.hold();
    await list.act(() => { list.result.current.loadMore(); });
    assert.equal(list.result.current.loadingMore, true);

    // ...when the user picks a status, and the closed tickets arrive first.
    browser.fetch.answer(200, { items: tickets(10), next_cursor: null });
    await list.rerender({ filters: { ...noFilters, status: 'closed' } });
    assert.deepEqual(ids(list.result.current), [10]);

    await list.act(() => answerOldPage(200, { items: tickets(3), next_cursor: 'c3' }));
    assert.deepEqual(ids(list.result.current), [10]);
    assert.equal(list.result.current.hasMore, false);
    assert.equal(list.result.current.loadingMore, false);
    assert.equal(browser.fetch.requests[1].signal?.aborted, true, 'the old "Load more" request is cancelled');
    assert.equal(browser.fetch.requests[2].url, '/api/tickets?status=closed&limit=20');
  });

  test('the SLA filter and the order are part of the query: changing them loads a new first page', async () => {
    browser.fetch.answer(200, { items: tickets(1, 2), next_cursor: 'c2' });
    const list = await renderList(noFilters);

    browser.fetch.answer(200, { items: tickets(2), next_cursor: null });
    await list.rerender({ filters: { ...noFilters, sla: 'breached' } });
    assert.deepEqual(ids(list.result.current), [2]);

    browser.fetch.answer(200, { items: tickets(2, 1), next_cursor: null });
    await list.rerender({ filters: { ...noFilters, sla: 'breached', sort: 'due' } });
    assert.deepEqual(ids(list.result.current), [2, 1]);
    assert.deepEqual(browser.fetch.requests.map((request) => request.url), [
      '/api/tickets?limit=20',
      '/api/tickets?sla=breached&limit=20',
      '/api/tickets?sla=breached&sort=due&limit=20',
    ]);
  });

  test('replaceItem puts a changed row in the place of the one with its id', async () => {
    browser.fetch.answer(200, { items: tickets(1, 2, 3), next_cursor: 'c2' });
    const list = await renderList(noFilters);
    await list.act(() => { list.result.current.replaceItem({ id: 2, title: 'Renamed' }); });
    assert.deepEqual(list.result.current.items.map((ticket) => ticket.title), ['Ticket 1', 'Renamed', 'Ticket 3']);
    await list.act(() => { list.result.current.replaceItem({ id: 9, title: 'Not on this page' }); });
    assert.deepEqual(ids(list.result.current), [1, 2, 3]);
    assert.equal(list.result.current.hasMore, true);
  });

  test('leaving the page cancels the requests still running', async () => {
    browser.fetch.hold();
    const list = await renderList(noFilters);
    await list.unmount();
    assert.equal(browser.fetch.requests[0].signal.aborted, true);
  });

  test('a failed first page is an error that reload retries', async () => {
    browser.fetch.answer(500, { error: true, reason: 'Database is down' });
    const list = await renderList(noFilters);
    assert.equal(list.result.current.error.reason, 'Database is down');
    assert.equal(list.result.current.loading, false);

    browser.fetch.answer(200, { items: tickets(1), next_cursor: null });
    await list.act(() => { list.result.current.reload(); });
    assert.equal(list.result.current.error, null);
    assert.deepEqual(ids(list.result.current), [1]);
  });

  test('a failed "Load more" keeps the list and can be tried again', async () => {
    browser.fetch.answer(200, { items: tickets(1), next_cursor: 'c2' });
    const list = await renderList(noFilters);

    browser.fetch.fail(new TypeError('Failed to fetch'));
    await list.act(() => { list.result.current.loadMore(); });
    assert.deepEqual(ids(list.result.current), [1]);
    assert.equal(list.result.current.moreError.status, 0);
    assert.equal(list.result.current.error, null);

    browser.fetch.answer(200, { items: tickets(2), next_cursor: null });
    await list.act(() => { list.result.current.loadMore(); });
    assert.deepEqual(ids(list.result.current), [1, 2]);
    assert.equal(list.result.current.moreError, null);
  });

  test('appendedAt says where the rows of the last "Load more" start, for moving focus there', async () => {
    browser.fetch.answer(200, { items: tickets(1, 2), next_cursor: 'c2' });
    const list = await renderList(noFilters);
    assert.equal(list.result.current.appendedAt, null, 'a first page moves no focus');

    browser.fetch.answer(200, { items: tickets(3, 4), next_cursor: 'c3' });
    await list.act(() => { list.result.current.loadMore(); });
    assert.equal(list.result.current.appendedAt, 2);

    browser.fetch.answer(200, { items: tickets(5), next_cursor: null });
    await list.act(() => { list.result.current.loadMore(); });
    assert.equal(list.result.current.appendedAt, 4);

    browser.fetch.answer(200, { items: tickets(9), next_cursor: null });
    await list.rerender({ filters: { ...noFilters, status: 'open' } });
    assert.equal(list.result.current.appendedAt, null, 'new filters start over');
  });

  test('a "Load more" that fails or brings nothing moves no focus', async () => {
    browser.fetch.answer(200, { items: tickets(1), next_cursor: 'c2' });
    const list = await renderList(noFilters);
    browser.fetch.answer(500, { error: true, reason: 'Busy' });
    await list.act(() => { list.result.current.loadMore(); });
    assert.equal(list.result.current.appendedAt, null);
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await list.act(() => { list.result.current.loadMore(); });
    assert.equal(list.result.current.appendedAt, null);
  });

  test('reloading after an error forgets where the last page started', async () => {
    browser.fetch.answer(200, { items: tickets(1), next_cursor: 'c2' });
    const list = await renderList(noFilters);
    browser.fetch.answer(200, { items: tickets(2), next_cursor: null });
    await list.act(() => { list.result.current.loadMore(); });
    const answer = browser.fetch.hold();
    await list.act(() => { list.result.current.reload(); });
    assert.equal(list.result.current.appendedAt, null);
    await list.act(() => answer(200, { items: tickets(1, 2), next_cursor: null }));
  });
});

