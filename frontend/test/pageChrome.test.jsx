// Small things around the pages: tab titles, the message for the next page, the
// question before an admin change, and refused images.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderToStaticMarkup } from 'react-dom/server';
import { StatsPanel } from '../src/components/StatsPanel.jsx';
import { pageTitle, ticketTitle, useDocumentTitle } from '../src/components/useDocumentTitle.js';
import { flash, takeFlash } from '../src/flash.js';
import { addRejections } from '../src/images.js';
import { changesAdmin, policies } from '../src/policies.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

describe('tab titles', () => {
  test('name the page first, then the app', () => {
    assert.equal(pageTitle('Tickets'), 'Tickets · Helpdesk');
    assert.equal(pageTitle(ticketTitle({ id: 301, title: 'Printer offline' })), '#301 Printer offline · Helpdesk');
    assert.equal(pageTitle(''), 'Helpdesk');
  });

  test('useDocumentTitle sets the title, follows changes, and leaves it alone for null', async () => {
    installBrowser('/tickets/301');
    globalThis.document = { title: 'Helpdesk' };
    const view = await renderHook(({ page }) => useDocumentTitle(page), { page: 'Ticket #301' });
    assert.equal(document.title, 'Ticket #301 · Helpdesk');
    await view.rerender({ page: '#301 Printer offline' });
    assert.equal(document.title, '#301 Printer offline · Helpdesk');
    await view.rerender({ page: null });
    assert.equal(document.title, '#301 Printer offline · Helpdesk');
    await view.unmount();
  });
});

describe('status cards', () => {
  test('are titled as totals of every ticket, stressed while the list is filtered', () => {
    const plain = renderToStaticMarkup(<StatsPanel title="All tickets" filtered={false} />);
    assert.match(plain, /<h2 class="stats__title" id="[^"]+">All tickets <span class="stats__scope">· Totals, not filtered<\/span><\/h2>/);
    assert.match(plain, /<section class="stats card" aria-labelledby="[^"]+">/);
    const filtered = renderToStaticMarkup(<StatsPanel title="All your tickets" filtered />);
    assert.match(filtered, /All your tickets <span class="stats__scope is-filtered">/);
  });
});

describe('flash', () => {
  test('a message for the next page is given out once', () => {
    flash('Ticket #301 deleted');
    assert.equal(takeFlash(), 'Ticket #301 deleted');
    assert.equal(takeFlash(), null);
  });
});

describe('changesAdmin', () => {
  test('is true for a change into or out of admin, only', () => {
    assert.equal(changesAdmin('customer', 'admin'), true);
    assert.equal(changesAdmin('agent', 'admin'), true);
    assert.equal(changesAdmin('admin', 'agent'), true);
    assert.equal(changesAdmin('admin', 'customer'), true);
    assert.equal(changesAdmin('customer', 'agent'), false);
    assert.equal(changesAdmin('agent', 'customer'), false);
    assert.equal(changesAdmin('admin', 'admin'), false);
  });

  test('keyboard shortcuts are for staff', () => {
    assert.equal(policies.keyboardShortcuts({ role: 'customer' }), false);
    assert.equal(policies.keyboardShortcuts({ role: 'agent' }), true);
    assert.equal(policies.keyboardShortcuts({ role: 'admin' }), true);
    assert.equal(policies.keyboardShortcuts(null), false);
  });
});

describe('addRejections', () => {
  const MiB = 1024 * 1024;
  const file = (name, type, size = 10) => ({ name, type, size });

  test('a second bad file is added to the first one, not put in its place', () => {
    const first = addRejections([], [file('notes.txt', 'text/plain')]);
    const both = addRejections(first, [file('huge.png', 'image/png', 6 * MiB)]);
    assert.deepEqual(both.map((item) => item.text), [
      'notes.txt is not a PNG, JPEG, GIF or WebP image.',
      'huge.png is 6 MiB; images can be at most 5 MiB.',
    ]);
    assert.deepEqual(both.map((item) => item.name), ['notes.txt', 'huge.png']);
  });

  test('each refusal has its own key, even for the same file twice', () => {
    const twice = addRejections(addRejections([], [file('a.txt', 'text/plain')]), [file('a.txt', 'text/plain')]);
    assert.equal(twice.length, 2);
    assert.notEqual(twice[0].key, twice[1].key);
  });

  test('good files add nothing, and leave the list as it was', () => {
    const previous = addRejections([], [file('notes.txt', 'text/plain')]);
    assert.equal(addRejections(previous, [file('ok.png', 'image/png', MiB)]), previous);
    const mixed = addRejections([], [file('ok.png', 'image/png'), file('big.gif', 'image/gif', 5 * MiB + 1)]);
    assert.deepEqual(mixed.map((item) => item.text), ['big.gif is 5.1 MiB; images can be at most 5 MiB.']);
  });
});
