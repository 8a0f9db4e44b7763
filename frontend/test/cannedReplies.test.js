// Canned replies: filling placeholders, the "/query" typed in the reply box, the
// picker's keys, and what the management page checks and sends.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { useRef, useState } from 'react';
import { pageFor } from '../src/App.jsx';
import { api } from '../src/api.js';
import {
  PLACEHOLDERS, bodyPreview, cannedReplyForm, cannedReplyRequest, emptyCannedReply, fillPlaceholders, insertText,
  matchReplies, placeholderValues, slashQuery, sortByTitle, validateCannedReply,
} from '../src/cannedReplies.js';
import { useCannedReplies } from '../src/components/useCannedReplies.js';
import { useCannedReplyPicker } from '../src/components/useCannedReplyPicker.js';
import { policies } from '../src/policies.js';
import { parseQuery } from '../src/router.jsx';
import { clearSession, setSession } from '../src/session.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const agent = { id: 2, username: 'alex', role: 'agent' };
const admin = { id: 1, username: 'ada', role: 'admin' };
const customer = { id: 7, username: 'cara', role: 'customer' };
const ticket = { id: 301, title: 'Printer offline', author_id: 7, author: { id: 7, username: 'cara' } };
const values = placeholderValues(ticket, agent);

const reply = (id, title, body, extra = {}) => ({ id, title, body, shared: false, owner_id: 2, ...extra });
const refund = reply(1, 'Refund policy', 'Hi {{customer.username}}, refunds take 5 days.');
const thanks = reply(2, 'Thanks', 'Thanks for ticket #{{ticket.id}}, {{ tip }}.');
const closing = reply(3, 'Closing', 'Closing this; reopen if the refund has not arrived.', { shared: true, owner_id: 1 });
let browser;

beforeEach(() => {
  browser = installBrowser('/tickets/301');
  clearSession();
  setSession({ token: 'jwt', user: agent });
});

describe('fillPlaceholders', () => {
  test('fills the four placeholders', () => {
    assert.equal(
      fillPlaceholders('{{customer.username}} / {{ticket.id}} / {{ticket.title}} / {{agent.username}}', values),
      'cara / 301 / Printer offline / alex',
    );
  });

  test('fills a placeholder every time it appears', () => {
    assert.equal(fillPlaceholders('{{ticket.id}}-{{ticket.id}}\n#{{ticket.id}}', values), '301-301\n#301');
  });

  test('allows spaces and tabs inside the braces', () => {
    assert.equal(fillPlaceholders('{{ ticket.id }}, {{\tagent.username  }}', values), '301, alex');
  });

  test('leaves unknown placeholders exactly as written', () => {
    const body = 'Hi {{ customer.name }}, see {{ticket.url}} and {{Ticket.ID}}.';
    assert.equal(fillPlaceholders(body, values), body);
  });

  test('leaves what only looks like a placeholder alone', () => {
    const body = '{ticket.id} {{ticket.id} {{}} {{ }} {{ticket id}} {{ticket.id}x}';
    assert.equal(fillPlaceholders(body, values), body);
  });

  test('fills a placeholder wrapped in further braces, keeping those', () => {
    assert.equal(fillPlaceholders('{{{ticket.id}}}', values), '{301}');
  });

  test('does not take names of object properties for placeholders', () => {
    const body = '{{constructor}} {{__proto__}} {{toString}} {{hasOwnProperty}}';
    assert.equal(fillPlaceholders(body, values), body);
  });

  test('inserts values literally, even those that look like replacement patterns', () => {
    const tricky = { id: 1, title: "$& $1 $$ $` $' $<name>", author: { username: '$&$&' } };
    const filled = fillPlaceholders('[{{ticket.title}}] [{{customer.username}}]', placeholderValues(tricky, agent));
    assert.equal(filled, "[$& $1 $$ $` $' $<name>] [$&$&]");
  });

  test('does not fill a value into another placeholder', () => {
    const sneaky = { id: 5, title: '{{ticket.id}}', author: { username: '{{agent.username}}' } };
    assert.equal(
      fillPlaceholders('{{ticket.title}} {{customer.username}}', placeholderValues(sneaky, agent)),
      '{{ticket.id}} {{agent.username}}',
    );
  });

  test('keeps a placeholder whose value is missing', () => {
    const noAuthor = { id: 9, title: '' };
    assert.equal(
      fillPlaceholders('{{customer.username}} {{ticket.id}} {{ticket.title}} {{agent.username}}', placeholderValues(noAuthor, null)),
      '{{customer.username}} 9 {{ticket.title}} {{agent.username}}',
    );
  });

  test('takes any text, and no placeholders at all', () => {
    assert.equal(fillPlaceholders('Plain text.', values), 'Plain text.');
    assert.equal(fillPlaceholders('', values), '');
    assert.equal(fillPlaceholders(undefined, values), '');
    assert.equal(fillPlaceholders('{{ticket.id}}', {}), '{{ticket.id}}');
  });

  test('the help lists every placeholder that is filled', () => {
    assert.deepEqual(PLACEHOLDERS.map(({ name }) => name).sort(), Object.keys(values).sort());
  });
});

describe('slashQuery', () => {
  test('finds a slash at the start of the box', () => {
    assert.deepEqual(slashQuery('/refu', 5), { start: 0, end: 5, query: 'refu' });
    assert.deepEqual(slashQuery('/', 1), { start: 0, end: 1, query: '' });
  });

  test('finds a slash after a space or a line break', () => {
    assert.deepEqual(slashQuery('Hello /th', 9), { start: 6, end: 9, query: 'th' });
    assert.deepEqual(slashQuery('Hello\n/th', 9), { start: 6, end: 9, query: 'th' });
    assert.deepEqual(slashQuery('Hello\t/', 7), { start: 6, end: 7, query: '' });
  });

  test('ignores a slash inside a word or an address', () => {
    assert.equal(slashQuery('and/or', 6), null);
    assert.equal(slashQuery('see https://example.com/x', 25), null);
    assert.equal(slashQuery('1/2', 3), null);
  });

  test('ends at whitespace', () => {
    assert.equal(slashQuery('/refund ', 8), null);
    assert.equal(slashQuery('/refund policy', 14), null);
  });

  test('reads up to the caret only', () => {
    assert.deepEqual(slashQuery('/refund later text', 4), { start: 0, end: 4, query: 'ref' });
    assert.equal(slashQuery('/refund', 0), null);
    assert.equal(slashQuery('text /x more', 12), null);
  });

  test('keeps later slashes in the query', () => {
    assert.deepEqual(slashQuery('/a/b', 4), { start: 0, end: 4, query: 'a/b' });
  });

  test('takes an empty box', () => {
    assert.equal(slashQuery('', 0), null);
    assert.equal(slashQuery(undefined, 0), null);
  });
});

describe('insertText', () => {
  test('replaces the range and puts the caret after the insertion', () => {
    assert.deepEqual(insertText('Hi /ref!', { start: 3, end: 7 }, 'there'), { text: 'Hi there!', caret: 8 });
  });

  test('inserts at a caret, or into an empty box', () => {
    assert.deepEqual(insertText('ab', { start: 1, end: 1 }, 'X'), { text: 'aXb', caret: 2 });
    assert.deepEqual(insertText('', { start: 0, end: 0 }, 'Body'), { text: 'Body', caret: 4 });
  });

  test('keeps "$" patterns in the inserted text literal', () => {
    assert.equal(insertText('/x', { start: 0, end: 2 }, "$& $' $`").text, "$& $' $`");
  });
});

describe('matchReplies', () => {
  const all = [thanks, closing, refund];

  test('lists all by title when nothing is typed', () => {
    assert.deepEqual(matchReplies(all, '').map((item) => item.id), [3, 1, 2]);
    assert.deepEqual(matchReplies(all, '  ').map((item) => item.id), [3, 1, 2]);
  });

  test('finds a part of a title or text, ignoring case; title beginnings first', () => {
    assert.deepEqual(matchReplies(all, 'REFU').map((item) => item.id), [1, 3]);
    assert.deepEqual(matchReplies(all, 'ks').map((item) => item.id), [2]);
    assert.deepEqual(matchReplies(all, 'o').map((item) => item.id), [3, 1, 2]);
    assert.deepEqual(matchReplies(all, 'nothing like it'), []);
  });

  test('sorts titles without regard to case', () => {
    const lower = reply(4, 'apology', 'Sorry.');
    assert.deepEqual(sortByTitle([refund, lower, closing]).map((item) => item.title), ['apology', 'Closing', 'Refund policy']);
  });
});

describe('bodyPreview', () => {
  test('is the first line, cut short', () => {
    assert.equal(bodyPreview('  First line\nsecond'), 'First line');
    assert.equal(bodyPreview('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(bodyPreview(''), '');
  });
});

describe('the form of a canned reply', () => {
  test('needs a title and a text', () => {
    assert.deepEqual(Object.keys(validateCannedReply(emptyCannedReply)).sort(), ['body', 'title']);
    assert.deepEqual(Object.keys(validateCannedReply({ title: '  ', body: '\n' })).sort(), ['body', 'title']);
    assert.deepEqual(validateCannedReply({ title: 'Hi', body: 'Hello' }), {});
  });

  test('is sent with a trimmed title and the text as written', () => {
    assert.deepEqual(
      cannedReplyRequest({ title: ' Hi ', body: '  Hello,\n\n  thanks\n', shared: true }, { canShare: false }),
      { title: 'Hi', body: '  Hello,\n\n  thanks\n' },
    );
  });

  test('says whether it is shared only when an admin sends it', () => {
    assert.deepEqual(cannedReplyRequest({ title: 'Hi', body: 'x', shared: true }, { canShare: true }), { title: 'Hi', body: 'x', shared: true });
    assert.deepEqual(cannedReplyRequest({ title: 'Hi', body: 'x', shared: false }, { canShare: true }), { title: 'Hi', body: 'x', shared: false });
  });

  test('starts from the reply being changed', () => {
    assert.deepEqual(cannedReplyForm(closing), { title: 'Closing', body: closing.body, shared: true });
  });
});

describe('who may do what', () => {
  test('staff use canned replies; customers do not', () => {
    assert.equal(policies.useCannedReplies(agent), true);
    assert.equal(policies.useCannedReplies(admin), true);
    assert.equal(policies.useCannedReplies(customer), false);
    assert.equal(policies.useCannedReplies(null), false);
  });

  test('only admins share', () => {
    assert.equal(policies.shareCannedReplies(admin), true);
    assert.equal(policies.shareCannedReplies(agent), false);
  });

  test('agents change their own private replies; admins those and the shared ones', () => {
    const agentsOwn = reply(10, 'Mine', 'x', { owner_id: agent.id });
    const adminsOwn = reply(11, 'Admin', 'x', { owner_id: admin.id });
    const shared = reply(12, 'Team', 'x', { shared: true, owner_id: admin.id });
    assert.equal(policies.editCannedReply(agent, agentsOwn), true);
    assert.equal(policies.editCannedReply(agent, shared), false);
    assert.equal(policies.editCannedReply(agent, adminsOwn), false);
    assert.equal(policies.editCannedReply(admin, shared), true);
    assert.equal(policies.editCannedReply(admin, adminsOwn), true);
    assert.equal(policies.editCannedReply(customer, reply(13, 'x', 'x', { owner_id: customer.id })), false);
  });

  test('the page is for staff', () => {
    const at = (href) => ({ href, pathname: href, search: '', query: parseQuery('') });
    assert.deepEqual(pageFor(at('/canned-replies'), { token: 't', user: customer }), { forbidden: true });
    assert.ok(pageFor(at('/canned-replies'), { token: 't', user: agent }).view);
    assert.ok(pageFor(at('/canned-replies'), { token: 't', user: admin }).view);
  });
});

describe('the api', () => {
  const calls = () => browser.fetch.requests.map((request) => `${request.method} ${request.url}`);

  test('lists, searches, adds, changes and deletes', async () => {
    browser.fetch.answer(200, { items: [refund] });
    browser.fetch.answer(200, { items: [] });
    browser.fetch.answer(201, refund);
    browser.fetch.answer(200, refund);
    browser.fetch.answer(204);
    assert.deepEqual(await api.listCannedReplies(), { items: [refund] });
    await api.listCannedReplies({ q: 'ref und' });
    await api.createCannedReply({ title: 'Refund policy', body: 'x' });
    await api.updateCannedReply(1, { title: 'Refunds' });
    assert.equal(await api.deleteCannedReply(1), null);
    assert.deepEqual(calls(), [
      'GET /api/canned-replies',
      'GET /api/canned-replies?q=ref+und',
      'POST /api/canned-replies',
      'PATCH /api/canned-replies/1',
      'DELETE /api/canned-replies/1',
    ]);
    assert.deepEqual(JSON.parse(browser.fetch.requests[2].body), { title: 'Refund policy', body: 'x' });
    assert.equal(browser.fetch.requests[0].headers.Authorization, 'Bearer jwt');
  });

  test('a refusal carries the field errors', async () => {
    browser.fetch.answer(422, { error: true, reason: 'Validation failed', fields: { title: 'must be 1-100 characters' } });
    await assert.rejects(api.createCannedReply({ title: 'x'.repeat(101), body: 'x' }), {
      status: 422, fields: { title: 'must be 1-100 characters' },
    });
  });
});

describe('useCannedReplies', () => {
  test('asks for nothing until the picker opens, then again at each opening', async () => {
    const list = await renderHook(() => useCannedReplies(true));
    assert.equal(browser.fetch.requests.length, 0);
    assert.equal(list.result.current.items, null);

    browser.fetch.answer(200, { items: [refund] });
    await list.act(() => list.result.current.refresh());
    assert.deepEqual(list.result.current.items, [refund]);

    // The list loaded stays while the next one is on its way.
    const answer = browser.fetch.hold();
    await list.act(() => list.result.current.refresh());
    assert.deepEqual(list.result.current.items, [refund]);
    assert.equal(list.result.current.loading, true);
    await list.act(() => answer(200, { items: [refund, thanks] }));
    assert.deepEqual(list.result.current.items, [refund, thanks]);
    assert.equal(browser.fetch.requests.length, 2);
  });

  test('reports a failure, and tries again when asked', async () => {
    const list = await renderHook(() => useCannedReplies(true));
    browser.fetch.answer(500, { error: true, reason: 'Database is busy' });
    await list.act(() => list.result.current.refresh());
    assert.equal(list.result.current.items, null);
    assert.equal(list.result.current.error.reason, 'Database is busy');

    browser.fetch.answer(200, { items: [] });
    await list.act(() => list.result.current.refresh());
    assert.equal(list.result.current.error, null);
    assert.deepEqual(list.result.current.items, []);
  });

  test('never asks for a customer', async () => {
    const list = await renderHook(() => useCannedReplies(false));
    await list.act(() => list.result.current.refresh());
    assert.equal(browser.fetch.requests.length, 0);
    assert.equal(list.result.current.items, null);
  });
});

// A stand-in for the reply box's textarea: its value, caret and focus.
function fakeTextarea() {
  return {
    value: '',
    selectionStart: 0,
    selectionEnd: 0,
    focused: false,
    focus() { this.focused = true; },
    setSelectionRange(start, end) {
      this.selectionStart = start;
      this.selectionEnd = end;
    },
    closest: () => null,
  };
}

function key(name, modifiers = {}) {
  return {
    key: name,
    ...modifiers,
    defaultPrevented: false,
    propagationStopped: false,
    preventDefault() { this.defaultPrevented = true; },
    stopPropagation() { this.propagationStopped = true; },
  };
}

// The reply box's text and the picker together, as ReplyForm wires them.
async function renderPicker(user = agent) {
  const element = fakeTextarea();
  const keysLeftToForm = [];
  const box = await renderHook(() => {
    const [text, setText] = useState('');
    const textarea = useRef(element);
    element.value = text;
    const picker = useCannedReplyPicker({ enabled: policies.useCannedReplies(user), ticket, user, textarea, text, setText });
    const props = picker.textareaProps({
      onChange: (event) => setText(event.target.value),
      onKeyDown: (event) => keysLeftToForm.push(event.key),
    });
    return { text, setText, picker, props };
  });
  // Typing: the new text with the caret at its end (or at `caret`).
  const type = (text, caret = text.length) => box.act(() => {
    Object.assign(element, { value: text, selectionStart: caret, selectionEnd: caret });
    box.result.current.props.onChange({ target: element });
  });
  const press = async (name, modifiers) => {
    const event = key(name, modifiers);
    await box.act(() => box.result.current.props.onKeyDown(event));
    return event;
  };
  return { box, element, type, press, keysLeftToForm, current: () => box.result.current };
}

describe('useCannedReplyPicker', () => {
  test('"/" opens the list, filtered by what follows; ArrowDown and Enter insert the filled reply', async () => {
    const { type, press, element, current } = await renderPicker();
    browser.fetch.answer(200, { items: [thanks, refund, closing] });
    await type('Hello /');
    assert.equal(current().picker.mode, 'slash');
    assert.equal(current().props['aria-expanded'], true);
    assert.deepEqual(current().picker.matches.map((item) => item.id), [3, 1, 2]);
    assert.equal(current().props['aria-activedescendant'], undefined, 'nothing is chosen before an arrow key');

    await type('Hello /refu');
    assert.deepEqual(current().picker.matches.map((item) => item.id), [1, 3]);
    assert.equal(current().props['aria-controls'], current().picker.listboxId);

    assert.equal((await press('ArrowDown')).defaultPrevented, true);
    assert.equal(current().props['aria-activedescendant'], current().picker.optionId(0));
    const enter = await press('Enter');
    assert.equal(enter.defaultPrevented, true);
    assert.equal(current().text, 'Hello Hi cara, refunds take 5 days.');
    assert.equal(current().picker.mode, null);
    assert.equal(current().props['aria-expanded'], false);
    assert.equal(element.focused, true);
    assert.equal(element.selectionStart, current().text.length);
    assert.equal(browser.fetch.requests.length, 1);
  });

  test('inserts in the middle of the text, keeping what follows and unknown placeholders', async () => {
    const { type, press, element, current } = await renderPicker();
    browser.fetch.answer(200, { items: [thanks] });
    await type('A /th B', 5);
    await press('ArrowDown');
    await press('Tab');
    assert.equal(current().text, 'A Thanks for ticket #301, {{ tip }}. B');
    assert.equal(element.selectionStart, 'A Thanks for ticket #301, {{ tip }}.'.length);
  });

  test('ArrowUp starts from the last option; the arrows stop at either end', async () => {
    const { type, press, current } = await renderPicker();
    browser.fetch.answer(200, { items: [thanks, refund, closing] });
    await type('/');
    await press('ArrowUp');
    assert.equal(current().picker.active, 2);
    await press('ArrowDown');
    assert.equal(current().picker.active, 2);
    await press('ArrowUp');
    await press('ArrowUp');
    await press('ArrowUp');
    assert.equal(current().picker.active, 0);
    await type('/c');
    assert.equal(current().picker.active, null, 'a new query starts over');
  });

  test('Enter and Tab keep their meaning until an option is chosen', async () => {
    const { type, press, current, keysLeftToForm } = await renderPicker();
    browser.fetch.answer(200, { items: [refund] });
    await type('/refu');
    assert.equal((await press('Enter')).defaultPrevented, false);
    assert.equal((await press('Tab')).defaultPrevented, false);
    await press('ArrowDown');
    assert.equal((await press('Tab', { shiftKey: true })).defaultPrevented, false);
    assert.deepEqual(keysLeftToForm, ['Enter', 'Tab', 'Tab']);
    assert.equal(current().text, '/refu');
  });

  test('Ctrl+Enter still reaches the form while the list is open', async () => {
    const { type, press, keysLeftToForm } = await renderPicker();
    browser.fetch.answer(200, { items: [refund] });
    await type('/refu');
    await press('ArrowDown');
    await press('Enter', { ctrlKey: true });
    assert.deepEqual(keysLeftToForm, ['Enter']);
  });

  test('Escape closes the list and leaves the text; it stays closed while that word is typed on', async () => {
    const { type, press, current } = await renderPicker();
    browser.fetch.answer(200, { items: [refund] });
    await type('Hi /re');
    const escape = await press('Escape');
    assert.equal(escape.defaultPrevented, true);
    assert.equal(escape.propagationStopped, true);
    assert.equal(current().picker.mode, null);
    assert.equal(current().text, 'Hi /re');
    await type('Hi /ref');
    assert.equal(current().picker.mode, null);

    // A new slash opens it again.
    browser.fetch.answer(200, { items: [refund] });
    await type('Hi /ref /');
    assert.equal(current().picker.mode, 'slash');
  });

  test('a slash inside a word, or whitespace after the query, closes nothing open and opens nothing', async () => {
    const { type, current } = await renderPicker();
    await type('and/or');
    assert.equal(current().picker.mode, null);
    browser.fetch.answer(200, { items: [refund] });
    await type('and/or /x');
    assert.equal(current().picker.mode, 'slash');
    await type('and/or /x ');
    assert.equal(current().picker.mode, null);
  });

  test('the list closes when the box is emptied from outside (the reply was sent)', async () => {
    const { type, box, current } = await renderPicker();
    browser.fetch.answer(200, { items: [refund] });
    await type('see /re');
    assert.equal(current().picker.mode, 'slash');
    // The form empties its value without a change event.
    await box.act(() => current().setText(''));
    assert.equal(current().picker.mode, null);
    assert.equal(current().props['aria-expanded'], false);
  });

  test('the button opens a search over the same list; Enter inserts at the caret', async () => {
    const { type, box, element, current } = await renderPicker();
    await type('Dear customer,\n\n', 16);
    browser.fetch.answer(200, { items: [thanks, refund, closing] });
    await box.act(() => current().picker.openSearch());
    assert.equal(current().picker.mode, 'search');
    assert.equal(current().props['aria-expanded'], false, 'the box itself shows no list');
    await box.act(() => current().picker.setSearch('REOPEN'));
    assert.deepEqual(current().picker.matches.map((item) => item.id), [3]);
    const down = key('ArrowDown');
    await box.act(() => current().picker.onListKey(down));
    const enter = key('Enter');
    await box.act(() => current().picker.onListKey(enter));
    assert.equal(current().text, `Dear customer,\n\n${closing.body}`);
    assert.equal(current().picker.mode, null);
    assert.equal(element.focused, true);
  });

  test('Escape closes the search and gives the focus back to the button', async () => {
    const { box, current } = await renderPicker();
    let buttonFocused = false;
    current().picker.button.current = { focus: () => { buttonFocused = true; } };
    browser.fetch.answer(200, { items: [] });
    await box.act(() => current().picker.openSearch());
    await box.act(() => current().picker.onListKey(key('Escape')));
    assert.equal(current().picker.mode, null);
    assert.equal(buttonFocused, true);
  });

  test('a customer\'s box is a plain text box: no list, no request', async () => {
    const { type, press, current, keysLeftToForm } = await renderPicker(customer);
    await type('/');
    assert.equal(current().picker.mode, null);
    assert.equal(current().props['aria-expanded'], undefined);
    assert.equal(current().props['aria-haspopup'], undefined);
    await press('ArrowDown');
    await press('Enter');
    assert.deepEqual(keysLeftToForm, ['ArrowDown', 'Enter']);
    assert.equal(browser.fetch.requests.length, 0);
  });
});
