// The canned-reply picker of the reply box, in its two ways of opening: typing "/query"
// in the box (the box stays focused and steers the list), or the "Canned replies" button
// (a search box steers it). Either way ArrowUp/ArrowDown choose, Enter or Tab put the
// chosen reply, its placeholders filled, into the box, and Escape closes. No option is
// chosen until an arrow key is pressed, so Enter and Tab keep their usual meaning for
// someone who only typed a slash.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { fillPlaceholders, insertText, matchReplies, placeholderValues, slashQuery } from '../cannedReplies.js';
import { useCannedReplies } from './useCannedReplies.js';
import { stepIndex } from './useKeyboardShortcuts.js';

const sameSlash = (a, b) => a === b || (a && b && a.start === b.start && a.end === b.end && a.query === b.query);

// `text`/`setText` are the box's value; `textarea` a ref to it; `enabled` false (customers)
// leaves the box a plain text box.
export function useCannedReplyPicker({ enabled, ticket, user, textarea, text, setText }) {
  const replies = useCannedReplies(enabled);
  const id = useId();
  const listboxId = `${id}-listbox`;
  // The "/query" before the caret, as last seen in the box.
  const [slash, setSlash] = useState(null);
  // Where the "/query" starts that Escape closed: it stays closed while it is typed on.
  const [dismissedAt, setDismissedAt] = useState(null);
  // The search box's text; null while the button's picker is closed.
  const [search, setSearch] = useState(null);
  const [active, setActive] = useState(null);
  const [insertions, setInsertions] = useState(0);
  const caretAfterInsert = useRef(null);
  const button = useRef(null);

  // The box may change without typing (emptied after sending): a "/query" no longer in it is gone.
  const typedSlash = slash && text.slice(slash.start, slash.end) === `/${slash.query}` ? slash : null;
  let mode = null;
  if (enabled && search !== null) mode = 'search';
  else if (enabled && typedSlash && typedSlash.start !== dismissedAt) mode = 'slash';
  const query = mode === 'search' ? search : typedSlash?.query ?? '';
  const matches = useMemo(() => matchReplies(replies.items ?? [], query), [replies.items, query]);
  const open = mode !== null;

  useEffect(() => {
    if (open) replies.refresh();
  }, [open]);
  useEffect(() => setActive(null), [mode, query]);

  // After an insertion the caret goes just after the inserted text, in the box.
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    const element = textarea.current;
    if (caret === null || !element) return;
    caretAfterInsert.current = null;
    element.focus();
    element.setSelectionRange(caret, caret);
  }, [insertions]);

  // Reads the box after typing, a click or a caret move.
  function track(element) {
    if (!enabled) return;
    const found = element.selectionStart === element.selectionEnd
      ? slashQuery(element.value, element.selectionStart)
      : null;
    setSlash((previous) => (sameSlash(previous, found) ? previous : found));
    if (!found || found.start !== dismissedAt) setDismissedAt(null);
  }

  function close() {
    if (mode === 'search') {
      setSearch(null);
      button.current?.focus();
    } else if (typedSlash) {
      setDismissedAt(typedSlash.start);
    }
  }

  function insert(reply) {
    const element = textarea.current;
    const value = element?.value ?? text;
    const caret = element?.selectionStart ?? value.length;
    const range = mode === 'slash'
      ? slashQuery(value, caret) ?? typedSlash
      : { start: caret, end: element?.selectionEnd ?? caret };
    const filled = fillPlaceholders(reply.body, placeholderValues(ticket, user));
    const result = insertText(value, range, filled);
    caretAfterInsert.current = result.caret;
    setText(result.text);
    setInsertions((count) => count + 1);
    setSlash(null);
    setSearch(null);
    setDismissedAt(null);
  }

  // Handles a key meant for the list; true when it did.
  function onListKey(event) {
    if (!open) return false;
    const { key } = event;
    if (key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
      return true;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.nativeEvent?.isComposing) return false;
    if ((key === 'ArrowDown' || key === 'ArrowUp') && matches.length > 0) {
      event.preventDefault();
      setActive((current) => stepIndex(current, key === 'ArrowDown' ? 1 : -1, matches.length));
      return true;
    }
    const chosen = active === null ? null : matches[active];
    if (chosen && (key === 'Enter' || (key === 'Tab' && !event.shiftKey))) {
      event.preventDefault();
      insert(chosen);
      return true;
    }
    return false;
  }

  const optionId = (index) => `${id}-option-${index}`;
  const activeId = open && active !== null && matches[active] ? optionId(active) : undefined;
  const listShown = open && matches.length > 0;

  // What the reply box adds to its text box, wrapping the form's own handlers.
  function textareaProps({ onChange, onKeyDown, onBlur }) {
    if (!enabled) return { onChange, onKeyDown, onBlur };
    return {
      onChange: (event) => {
        onChange(event);
        track(event.target);
      },
      onSelect: (event) => track(event.target),
      onKeyDown: (event) => {
        if (mode === 'slash' && onListKey(event)) return;
        onKeyDown?.(event);
      },
      // Focus moving into the list's own controls (a link, "Try again") keeps it open.
      onBlur: (event) => {
        onBlur?.(event);
        if (!event.currentTarget.closest('.canned-anchor')?.contains(event.relatedTarget)) setSlash(null);
      },
      'aria-autocomplete': 'list',
      'aria-haspopup': 'listbox',
      'aria-expanded': mode === 'slash',
      'aria-controls': mode === 'slash' && listShown ? listboxId : undefined,
      'aria-activedescendant': mode === 'slash' ? activeId : undefined,
    };
  }

  return {
    enabled,
    mode,
    query,
    replies,
    matches,
    active,
    listboxId,
    optionId,
    activeId,
    listShown,
    button,
    search,
    setSearch,
    setActive,
    textareaProps,
    onListKey,
    insert,
    close,
    openSearch: () => setSearch(''),
    closeSearch: () => setSearch(null),
    // Focus left the box and its list for somewhere else.
    leaveSlash: () => setSlash(null),
  };
}
