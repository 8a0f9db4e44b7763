// The ticket list's team tools, below the view: the bulk change and its confirmation,
// the tag filter in the address, the CSV file's name, and the api calls behind them.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { api } from '../src/api.js';
import { BULK_MAX_TICKETS, bulkChanges, describeBulkChange, tagsOf } from '../src/bulkChanges.js';
import { datedFileName } from '../src/download.js';
import { matchesFilters, withNewerTickets } from '../src/liveMerge.js';
import { buildQuery } from '../src/router.jsx';
import { clearSession, setSession } from '../src/session.js';
import { tagsFromSearch } from '../src/tagFilter.js';
import { useTicketPages } from '../src/views/Tickets.jsx';
import { useTicketSelection } from '../src/components/useTicketSelection.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const agent = { id: 2, username: 'ada', role: 'agent' };
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets');
  clearSession();
  setSession({ token: 'jwt-1', user: agent });
});

describe('bulkChanges', () => {
  test('leaves out what is not to change', () => {
    assert.deepEqual(bulkChanges({}), {});
    assert.deepEqual(bulkChanges({ status: 'closed', priority: '', assignee: '', addTag: '  ', removeTag: '' }), { status: 'closed' });
  });

  test('names the API fields: an assignee id, null to unassign, tags as lists', () => {
    assert.deepEqual(bulkChanges({ priority: 'high', assignee: '7', addTag: ' VIP ', removeTag: 'old' }), {
      priority: 'high', assignee_id: 7, add_tags: ['vip'], remove_tags: ['old'],
    });
    assert.deepEqual(bulkChanges({ assignee: 'none' }), { assignee_id: null });
  });

  test('the server takes at most 100 tickets at once', () => {
    assert.equal(BULK_MAX_TICKETS, 100);
  });
});

describe('describeBulkChange', () => {
  test('says "Closed 3 tickets" for closing alone', () => {
    assert.equal(describeBulkChange({ status: 'closed' }, 3), 'Closed 3 tickets');
    assert.equal(describeBulkChange({ status: 'closed' }, 1), 'Closed 1 ticket');
  });

  test('lists every other change', () => {
    assert.equal(
      describeBulkChange({ status: 'in_progress', priority: 'urgent', assignee_id: 4, add_tags: ['vip'], remove_tags: ['old'] }, 2, 'bo'),
      'Updated 2 tickets: status In progress, priority Urgent, assigned to bo, tag vip added, tag old removed',
    );
    assert.equal(describeBulkChange({ assignee_id: null }, 5), 'Updated 5 tickets: unassigned');
    assert.equal(describeBulkChange({ status: 'closed', assignee_id: 4 }, 2), 'Updated 2 tickets: status Closed, assigned to user #4');
  });
});

test('tagsOf: every tag of the ticked tickets, once, sorted', () => {
  assert.deepEqual(tagsOf([{ tags: ['vip', 'billing'] }, { tags: ['billing'] }, {}]), ['billing', 'vip']);
});

describe('the tag filter in the address', () => {
  test('reads every ?tag=, normalized, each once', () => {
    assert.deepEqual(tagsFromSearch('?tag=billing&tag=%20VIP%20&q=x&tag=billing&tag='), ['billing', 'vip']);
    assert.deepEqual(tagsFromSearch(''), []);
  });

  test('is written back as a repeated key, and an empty list as nothing', () => {
    assert.equal(buildQuery({ status: 'open', tag: ['billing', 'vip'] }), '?status=open&tag=billing&tag=vip');
    assert.equal(buildQuery({ tag: [] }), '');
  });
});

test('the export is saved under the local date', () => {
  assert.equal(datedFileName('tickets', 'csv', new Date(2024, 0, 5, 23, 59)), 'tickets-2024-01-05.csv');
});

describe('rows after a bulk change', () => {
  const at = (minute) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`;

  test('take the server\'s answer in place, unless a live event brought a later state', () => {
    const rows = [{ id: 1, status: 'open', updated_at: at(0) }, { id: 2, status: 'open', updated_at: at(5) }, { id: 3, status: 'open', updated_at: at(0) }];
    const answer = [{ id: 1, status: 'closed', updated_at: at(1) }, { id: 2, status: 'closed', updated_at: at(1) }];
    assert.deepEqual(withNewerTickets(rows, answer).map((row) => row.status), ['closed', 'open', 'open']);
  });

  test('a new ticket counts for a tag or customer filter only when it matches', () => {
    const ticket = { id: 9, status: 'open', priority: 'normal', author_id: 5, tags: ['vip'] };
    const filters = { q: '', status: '', priority: '', assignee: '', sla: '' };
    assert.equal(matchesFilters(ticket, { ...filters, tag: ['vip'], author_id: '5' }, agent), true);
    assert.equal(matchesFilters(ticket, { ...filters, tag: ['vip', 'billing'] }, agent), false);
    assert.equal(matchesFilters(ticket, { ...filters, author_id: '6' }, agent), false);
    assert.equal(matchesFilters({ ...ticket, tags: undefined }, { ...filters, tag: ['vip'] }, agent), false);
  });
});

describe('team list api', () => {
  test('a bulk change is one POST of the ids and the changes', async () => {
    browser.fetch.answer(200, { items: [{ id: 1 }, { id: 2 }] });
    const answer = await api.bulkUpdateTickets([1, 2], { status: 'closed' });
    const [request] = browser.fetch.requests;
    assert.equal(request.url, '/api/tickets/bulk');
    assert.equal(request.method, 'POST');
    assert.deepEqual(JSON.parse(request.body), { ids: [1, 2], changes: { status: 'closed' } });
    assert.deepEqual(answer.items.map((ticket) => ticket.id), [1, 2]);
  });

  test('the export is fetched with the token and the list\'s filters, as a Blob', async () => {
    browser.fetch.answer(200, 'id,title\r\n1,Printer\r\n', { 'Content-Type': 'text/csv' });
    const csv = await api.exportTicketsCsv({ status: 'open', q: '', tag: ['vip', 'billing'], author_id: '5' });
    const [request] = browser.fetch.requests;
    assert.equal(request.url, '/api/tickets/export.csv?status=open&tag=vip&tag=billing&author_id=5');
    assert.equal(request.headers.Authorization, 'Bearer jwt-1');
    assert.equal(await csv.text(), 'id,title\r\n1,Printer\r\n');
  });

  test('tag suggestions ask for what is typed', async () => {
    browser.fetch.answer(200, { items: [{ tag: 'billing', count: 3 }] });
    const answer = await api.listTags('bil');
    assert.equal(browser.fetch.requests[0].url, '/api/tags?q=bil');
    assert.deepEqual(answer.items, [{ tag: 'billing', count: 3 }]);
  });
});

describe('the list with team filters', () => {
  const filters = { q: '', status: '', priority: '', assignee: '', sla: '', author_id: '', tag: [], sort: '' };

  test('asks for every chosen tag and the customer', async () => {
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await renderHook(({ current }) => useTicketPages(current), { current: { ...filters, tag: ['vip', 'billing'], author_id: '5' } });
    assert.equal(browser.fetch.requests[0].url, '/api/tickets?author_id=5&tag=vip&tag=billing&limit=20');
  });

  test('lets go of the ticked rows when the filters change', async () => {
    const hook = await renderHook(({ resetKey }) => useTicketSelection(resetKey), { resetKey: 'a' });
    await hook.act(() => hook.result.current[1](() => ({ ids: [1, 2], anchor: 2 })));
    assert.deepEqual(hook.result.current[0].ids, [1, 2]);
    await hook.rerender({ resetKey: 'a' });
    assert.deepEqual(hook.result.current[0].ids, [1, 2]);
    await hook.rerender({ resetKey: 'b' });
    assert.deepEqual(hook.result.current[0], { ids: [], anchor: null });
  });
});
