// Single-key shortcuts ("j", "?") and two-key sequences ("g t") on the whole page.
// They never fire while someone types (in a text input, textarea, select or editable
// text), with Ctrl, Alt or Meta held, or inside an open dialog. Enter is left to
// the link or button that has focus. The list shown to people is ShortcutHelp's.
import { useEffect, useRef } from 'react';

const SEQUENCE_TIMEOUT_MS = 1500;

// A checkbox or radio takes no letters (the list's row checkboxes keep j/k working).
const KEYLESS_INPUTS = ['checkbox', 'radio'];

function isTyping(target) {
  if (target?.tagName === 'INPUT') return !KEYLESS_INPUTS.includes(target.type);
  return ['TEXTAREA', 'SELECT'].includes(target?.tagName) || Boolean(target?.isContentEditable);
}

function ignored(event) {
  const { target } = event;
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return true;
  if (isTyping(target) || target?.closest?.('dialog[open]')) return true;
  return event.key === 'Enter' && Boolean(target?.closest?.('a[href], button, summary'));
}

// Turns key presses into the handler they ask for. `bindings()` gives the current
// map of keys ("j", "g t") to handlers; `now` is the clock, for the sequence timeout.
export function shortcutReader(bindings, now = Date.now) {
  let pending = null;
  return function read(event) {
    if (ignored(event)) {
      pending = null;
      return null;
    }
    const map = bindings();
    const started = pending && now() - pending.at <= SEQUENCE_TIMEOUT_MS ? pending.keys : null;
    pending = null;
    const tries = started ? [`${started} ${event.key}`, event.key] : [event.key];
    for (const keys of tries) {
      if (map[keys]) return map[keys];
      if (Object.keys(map).some((bound) => bound.startsWith(`${keys} `))) {
        pending = { keys, at: now() };
        return () => {};
      }
    }
    return null;
  };
}

// From row `current` (null: none yet) one step through `count` rows, stopping at either end.
export function stepIndex(current, step, count) {
  if (count === 0) return null;
  if (current === null || current === undefined) return step > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + step));
}

// `bindings` may be a new object on every render; the latest one answers.
export function useKeyboardShortcuts(bindings, enabled = true) {
  const latest = useRef(bindings);
  latest.current = bindings;

  useEffect(() => {
    if (!enabled) return undefined;
    const read = shortcutReader(() => latest.current);
    const onKeyDown = (event) => {
      const handler = read(event);
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    globalThis.document.addEventListener('keydown', onKeyDown);
    return () => globalThis.document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
