// Keyboard shortcuts: which key presses reach a handler, sequences, and stepping through rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shortcutReader, stepIndex } from '../src/components/useKeyboardShortcuts.js';

const page = { tagName: 'MAIN', closest: () => null };
const element = (tagName, { inside = [], editable = false } = {}) => ({
  tagName,
  isContentEditable: editable,
  closest: (selector) => (selector.split(',').some((part) => inside.includes(part.trim())) ? {} : null),
});
const press = (key, options = {}) => ({ key, target: page, ...options });

function setup() {
  const calls = [];
  const clock = { now: 0 };
  const bindings = {
    j: () => calls.push('j'),
    '?': () => calls.push('?'),
    Enter: () => calls.push('Enter'),
    'g t': () => calls.push('g t'),
  };
  const read = shortcutReader(() => bindings, () => clock.now);
  const type = (...events) => {
    for (const event of events) read(event)?.(event);
  };
  return { calls, clock, read, type };
}

describe('shortcutReader', () => {
  test('a bound key runs its handler; an unbound one does nothing', () => {
    const { calls, read, type } = setup();
    type(press('j'), press('?', { shiftKey: true }));
    assert.deepEqual(calls, ['j', '?']);
    assert.equal(read(press('x')), null);
  });

  test('never while typing in a field or editable text', () => {
    const { calls, type } = setup();
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) type(press('j', { target: element(tag) }));
    type(press('j', { target: element('DIV', { editable: true }) }));
    assert.deepEqual(calls, []);
  });

  test('a focused checkbox or radio takes no letters, so shortcuts still work there', () => {
    const { calls, type } = setup();
    type(press('j', { target: { ...element('INPUT'), type: 'checkbox' } }));
    type(press('j', { target: { ...element('INPUT'), type: 'radio' } }));
    type(press('j', { target: { ...element('INPUT'), type: 'text' } }));
    assert.deepEqual(calls, ['j', 'j']);
  });

  test('not with Ctrl, Alt or Meta, nor during an input method composition', () => {
    const { calls, type } = setup();
    type(press('j', { ctrlKey: true }), press('j', { altKey: true }), press('j', { metaKey: true }));
    type(press('j', { isComposing: true }));
    assert.deepEqual(calls, []);
  });

  test('not inside an open dialog, nor for a key something else already handled', () => {
    const { calls, type } = setup();
    type(press('j', { target: element('BUTTON', { inside: ['dialog[open]'] }) }));
    type(press('j', { defaultPrevented: true }));
    assert.deepEqual(calls, []);
  });

  test('Enter is left to a focused link or button, and works elsewhere', () => {
    const { calls, type } = setup();
    type(press('Enter', { target: element('A', { inside: ['a[href]'] }) }));
    type(press('Enter', { target: element('BUTTON', { inside: ['button'] }) }));
    assert.deepEqual(calls, []);
    type(press('Enter'));
    assert.deepEqual(calls, ['Enter']);
  });

  test('"g" then "t" runs the sequence; "g" alone waits and does nothing', () => {
    const { calls, read, type } = setup();
    const handler = read(press('g'));
    assert.ok(handler, 'the first key of a sequence is taken, so the browser does not act on it');
    handler();
    assert.deepEqual(calls, []);
    type(press('t'));
    assert.deepEqual(calls, ['g t']);
    type(press('t'));
    assert.deepEqual(calls, ['g t'], '"t" alone is not bound');
  });

  test('a sequence is forgotten after a pause, after another key, and when typing starts', () => {
    const { calls, clock, type } = setup();
    type(press('g'));
    clock.now += 2000;
    type(press('t'));
    type(press('g'), press('x'), press('t'));
    type(press('g'), press('t', { target: element('INPUT') }));
    assert.deepEqual(calls, []);
  });

  test('a key that breaks a sequence still counts on its own', () => {
    const { calls, type } = setup();
    type(press('g'), press('j'));
    assert.deepEqual(calls, ['j']);
  });
});

describe('stepIndex', () => {
  test('starts at the first row going down and the last going up', () => {
    assert.equal(stepIndex(null, 1, 5), 0);
    assert.equal(stepIndex(null, -1, 5), 4);
  });

  test('moves one row and stops at either end', () => {
    assert.equal(stepIndex(2, 1, 5), 3);
    assert.equal(stepIndex(2, -1, 5), 1);
    assert.equal(stepIndex(4, 1, 5), 4);
    assert.equal(stepIndex(0, -1, 5), 0);
  });

  test('there is nowhere to go in an empty list', () => {
    assert.equal(stepIndex(null, 1, 0), null);
  });
});
