// What a live event changes on the page: the list's rows, its "N new tickets", the
// open ticket, its comments and images, and the edit form's note.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { api } from '../src/api.js';
import { useApi } from '../src/components/useApi.js';
import { useLiveTicketList } from '../src/components/useLiveTicketList.js';
import { liveEvents } from '../src/liveEvents.js';
import {
  applyToList, changedWhileEditing, matchesFilters, matchesSearch, newerTicket, withComment, withItem, withoutItem,
} from '../src/liveMerge.js';
import { clearSession, setSession } from '../src/session.js';
import { useTicketPages } from '../src/views/Tickets.jsx';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const agent = { id: 2, username: 'alex', role: 'agent' };
const customer = { id: 7, username: 'cara', role: 'customer' };

function ticket(id, changes = {}) {
  return {
    id,
    title: `Ticket ${id}`,
    description: 'Details.',
    status: 'open',
    priority: 'normal',
    author_id: customer.id,
    author: { id: customer.id, username: customer.username },
    assignee_id: null,
    assignee: null,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    last_reply: null,
    ...changes,
  };
}

function comment(id, changes = {}) {
  return {
    id,
    ticket_id: 1,
    text: 'Hello',
    internal: false,
    author_id: agent.id,
    author: { ...agent },
    created_at: '2026-03-01T11:00:00.000Z',
    ...changes,
  };
}

const noFilters = { q: '', status: '', priority: '', assignee: '', sla: '', sort: '' };

describe('newerTicket', () => {
  test('keeps the later state, whichever arrives last', () => {
    const older = ticket(1, { status: 'open', updated_at: '2026-03-01T10:00:00.000Z' });
    const newer = ticket(1, { status: 'closed', updated_at: '2026-03-01T10:05:00.000Z' });
    assert.equal(newerTicket(older, newer), newer);
    assert.equal(newerTicket(newer, older), newer);
    assert.equal(newerTicket(undefined, newer), undefined, 'nothing loaded yet: the load brings it');
    assert.equal(newerTicket(ticket(2), newer).id, 2, 'another ticket is not replaced');
  });
});

describe('withComment', () => {
  test('makes the comment the ticket\'s last reply', () => {
    const replied = withComment(ticket(1), comment(9));
    assert.deepEqual(replied.last_reply, {
      author: { id: agent.id, username: agent.username }, at: '2026-03-01T11:00:00.000Z', internal: false,
    });
    assert.equal(replied.new_reply, undefined, 'staff rows have no "New reply" mark');
  });

  test('marks a customer\'s row "New reply" for a public staff answer only', () => {
    const mine = ticket(1, { new_reply: false });
    assert.equal(withComment(mine, comment(9)).new_reply, true);
    const ownReply = comment(10, { author: { ...customer }, author_id: customer.id });
    assert.equal(withComment(mine, ownReply).new_reply, false);
  });

  test('an older comment, or the same one again, changes nothing', () => {
    const replied = withComment(ticket(1), comment(9));
    assert.equal(withComment(replied, comment(9)), replied);
    assert.equal(withComment(replied, comment(8, { created_at: '2026-03-01T10:30:00.000Z' })), replied);
  });
});

describe('withItem and withoutItem', () => {
  test('add once and remove by id, returning the same list when nothing changes', () => {
    const list = [{ id: 1 }, { id: 2 }];
    assert.deepEqual(withItem(list, { id: 3 }), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    assert.equal(withItem(list, { id: 2 }), list, 'the echo of what the user just posted is no duplicate');
    assert.deepEqual(withoutItem(list, 1), [{ id: 2 }]);
    assert.equal(withoutItem(list, 5), list);
  });
});

describe('applyToList', () => {
  const rows = [ticket(3), ticket(2), ticket(1)];

  test('an updated ticket changes in place; the rows keep their order', () => {
    const changed = ticket(2, {
      status: 'in_progress', priority: 'high', assignee_id: agent.id, assignee: { id: agent.id, username: agent.username },
      updated_at: '2026-03-01T12:00:00.000Z',
    });
    const next = applyToList(rows, { type: 'ticket.updated', data: { ticket_id: 2, ticket: changed } });
    assert.deepEqual(next.map((row) => row.id), [3, 2, 1]);
    assert.equal(next[1], changed);
    assert.equal(next[0], rows[0]);
  });

  test('a deleted ticket goes', () => {
    const next = applyToList(rows, { type: 'ticket.deleted', data: { ticket_id: 3 } });
    assert.deepEqual(next.map((row) => row.id), [2, 1]);
  });

  test('a comment updates its ticket\'s last reply', () => {
    const next = applyToList(rows, { type: 'comment.created', data: { ticket_id: 1, comment: comment(9) } });
    assert.equal(next[2].last_reply.author.username, agent.username);
  });

  test('events about tickets not shown, or that add nothing, leave the same list', () => {
    assert.equal(applyToList(rows, { type: 'ticket.updated', data: { ticket_id: 99, ticket: ticket(99) } }), rows);
    assert.equal(applyToList(rows, { type: 'ticket.deleted', data: { ticket_id: 99 } }), rows);
    assert.equal(applyToList(rows, { type: 'image.created', data: { ticket_id: 1, image: { id: 4 } } }), rows);
    assert.equal(applyToList(rows, { type: 'ticket.created', data: { ticket_id: 4, ticket: ticket(4) } }), rows);
  });
});

describe('matchesFilters', () => {
  test('status, priority, assignee and SLA standing', () => {
    const mine = ticket(5, { status: 'open', priority: 'high', assignee_id: agent.id, sla: { state: 'at_risk' } });
    assert.equal(matchesFilters(mine, noFilters, agent), true);
    assert.equal(matchesFilters(mine, { ...noFilters, status: 'open', priority: 'high' }, agent), true);
    assert.equal(matchesFilters(mine, { ...noFilters, status: 'closed' }, agent), false);
    assert.equal(matchesFilters(mine, { ...noFilters, priority: 'low' }, agent), false);
    assert.equal(matchesFilters(mine, { ...noFilters, assignee: 'me' }, agent), true);
    assert.equal(matchesFilters(mine, { ...noFilters, assignee: 'none' }, agent), false);
    assert.equal(matchesFilters(ticket(6), { ...noFilters, assignee: 'none' }, agent), true);
    assert.equal(matchesFilters(mine, { ...noFilters, sla: 'at_risk' }, agent), true);
    assert.equal(matchesFilters(mine, { ...noFilters, sla: 'breached' }, agent), false);
  });

  test('a search is guessed from the title and description, as the server splits words', () => {
    const vpn = ticket(301, { title: 'VPN drops at noon', description: 'The café Wi-Fi is fine.' });
    assert.equal(matchesSearch(vpn, 'vpn noon'), true);
    assert.equal(matchesSearch(vpn, 'vpn printer'), false);
    assert.equal(matchesSearch(vpn, 'cafe wi-fi'), true, 'accents and punctuation do not count');
    assert.equal(matchesSearch(vpn, 'vpn dro'), true, 'the word being typed matches as a prefix');
    assert.equal(matchesSearch(vpn, 'dro vpn'), false, 'an earlier word must be whole');
    assert.equal(matchesSearch(vpn, '#301'), true);
    assert.equal(matchesSearch(vpn, '302'), false);
    assert.equal(matchesSearch(vpn, 'from:cara vpn'), true);
    assert.equal(matchesSearch(vpn, 'from:ada vpn'), false);
    assert.equal(matchesFilters(vpn, { ...noFilters, q: 'printer' }, agent), false);
  });
});

describe('changedWhileEditing', () => {
  const opened = { title: 'Printer', description: 'Jammed' };

  test('notes a change by someone else to the title or description', () => {
    assert.equal(changedWhileEditing(opened, { ...opened, title: 'Printer on 3rd floor' }, opened), true);
    assert.equal(changedWhileEditing(opened, { ...opened, description: 'Jammed again' }, opened), true);
  });

  test('not a change of other fields, nor one to exactly what is typed (the user\'s own save)', () => {
    assert.equal(changedWhileEditing(opened, { ...opened, status: 'closed' }, opened), false);
    const typed = { title: 'Printer fixed ', description: 'Jammed' };
    assert.equal(changedWhileEditing(opened, { ...opened, title: 'Printer fixed' }, typed), false);
  });
});

describe('useLiveTicketList', () => {
  let browser;
  beforeEach(() => {
    browser = installBrowser('/tickets');
    clearSession();
    setSession({ token: 'jwt', user: agent });
  });
  after(() => liveEvents.stop());

  // The list with `filters`, its first page `rows`, and the live stream the test writes to.
  async function liveList(filters, rows) {
    browser.fetch.answer(200, { items: rows, next_cursor: null });
    const list = await renderHook(({ filters: current }) => {
      const pages = useTicketPages(current);
      return { pages, live: useLiveTicketList(pages, current, agent) };
    }, { filters });
    const stream = browser.fetch.stream();
    await list.act(() => liveEvents.start());
    const send = (id, type, data) => list.act(() => stream.send(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`));
    return { list, send, ids: () => list.result.current.pages.items.map((row) => row.id) };
  }

  test('counts new matching tickets instead of inserting them; "show" loads them', async () => {
    const { list, send, ids } = await liveList({ ...noFilters, status: 'open' }, [ticket(2), ticket(1)]);
    await send(1, 'ticket.created', { ticket_id: 3, ticket: ticket(3) });
    await send(2, 'ticket.created', { ticket_id: 4, ticket: ticket(4, { status: 'closed' }) });
    await send(3, 'ticket.created', { ticket_id: 3, ticket: ticket(3) });
    assert.equal(list.result.current.live.newCount, 1, 'the closed one does not match; the replay is counted once');
    assert.deepEqual(ids(), [2, 1]);

    browser.fetch.answer(200, { items: [ticket(3), ticket(2), ticket(1)], next_cursor: null });
    await list.act(() => list.result.current.live.showNew());
    assert.deepEqual(ids(), [3, 2, 1]);
    assert.equal(list.result.current.live.newCount, 0);
    assert.equal(browser.fetch.requests.at(-1).url, '/api/tickets?status=open&limit=20');
    await list.act(() => liveEvents.stop());
    await list.unmount();
  });

  test('a change heard while the first page is on its way is not lost when the page arrives', async () => {
    const answerPage = browser.fetch.hold();
    const list = await renderHook(({ filters: current }) => {
      const pages = useTicketPages(current);
      return { pages, live: useLiveTicketList(pages, current, agent) };
    }, { filters: noFilters });
    const stream = browser.fetch.stream();
    await list.act(() => liveEvents.start());
    const closed = ticket(1, { status: 'closed', updated_at: '2026-03-01T12:00:00.000Z' });
    await list.act(() => stream.send(`id: 1\nevent: ticket.updated\ndata: ${JSON.stringify({ ticket_id: 1, ticket: closed })}\n\n`));
    // The server answered the list before the change.
    await list.act(() => answerPage(200, { items: [ticket(2), ticket(1)], next_cursor: null }));
    assert.equal(list.result.current.pages.items[1].status, 'closed');
    await list.act(() => liveEvents.stop());
    await list.unmount();
  });

  test('updates rows in place, drops deleted ones, and reloads on reset', async () => {
    const { list, send, ids } = await liveList(noFilters, [ticket(2), ticket(1)]);
    const closed = ticket(1, { status: 'closed', updated_at: '2026-03-01T12:00:00.000Z' });
    await send(5, 'ticket.updated', { ticket_id: 1, ticket: closed });
    await send(6, 'comment.created', { ticket_id: 2, comment: comment(9, { ticket_id: 2 }) });
    assert.deepEqual(ids(), [2, 1]);
    assert.equal(list.result.current.pages.items[1].status, 'closed');
    assert.equal(list.result.current.pages.items[0].last_reply.author.username, agent.username);

    await send(7, 'ticket.created', { ticket_id: 3, ticket: ticket(3) });
    await send(8, 'ticket.deleted', { ticket_id: 3 });
    await send(9, 'ticket.deleted', { ticket_id: 2 });
    assert.deepEqual(ids(), [1]);
    assert.equal(list.result.current.live.newCount, 0, 'a new ticket deleted again is not new');

    browser.fetch.answer(200, { items: [ticket(5), closed], next_cursor: null });
    await send(10, 'reset', {});
    assert.deepEqual(ids(), [5, 1]);
    await list.act(() => liveEvents.stop());
    await list.unmount();
  });
});

describe('useApi.update', () => {
  beforeEach(() => {
    installBrowser('/tickets/1');
    clearSession();
    setSession({ token: 'jwt', user: customer });
  });

  test('a change made while the load is on its way applies to its answer too', async () => {
    const answer = globalThis.fetch.hold();
    const comments = await renderHook(() => useApi((signal) => api.listComments(1, { signal }), []));
    const heard = comment(9);
    await comments.act(() => comments.result.current.update((data) => ({ items: withItem(data?.items ?? [], heard) })));
    // The list was read before the comment was written.
    await comments.act(() => answer(200, { items: [comment(8)] }));
    assert.deepEqual(comments.result.current.data.items.map((item) => item.id), [8, 9]);

    // Once loaded, a change applies once.
    await comments.act(() => comments.result.current.update((data) => ({ items: withItem(data.items, comment(10)) })));
    assert.deepEqual(comments.result.current.data.items.map((item) => item.id), [8, 9, 10]);
    await comments.unmount();
  });
});
