// The reply box's canned-reply picker (see useCannedReplyPicker): the list under the box
// while "/query" is typed, and the "Canned replies" button with its search box.
import { useEffect } from 'react';
import { bodyPreview } from '../cannedReplies.js';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';
import { Spinner } from './States.jsx';

export function SharedBadge() {
  return <span className="badge badge--shared">Shared</span>;
}

// A click in the list must not take focus from the box (or search box) that steers it.
const keepFocus = (event) => event.preventDefault();

function Options({ picker }) {
  const { matches, active, listboxId, optionId, activeId } = picker;
  useEffect(() => {
    if (activeId) globalThis.document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);
  return (
    <ul id={listboxId} className="canned-options" role="listbox" aria-label="Canned replies" onMouseDown={keepFocus}>
      {matches.map((reply, index) => (
        <li
          key={reply.id}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          className={`canned-option${index === active ? ' is-active' : ''}`}
          onMouseMove={() => index !== active && picker.setActive(index)}
          onClick={() => picker.insert(reply)}
        >
          <span className="canned-option__title">
            {reply.title} {reply.shared && <SharedBadge />}
          </span>
          <span className="canned-option__preview">{bodyPreview(reply.body)}</span>
        </li>
      ))}
    </ul>
  );
}

// The list, or why there is none: loading, not loaded, no replies at all, none matching.
function PickerContent({ picker }) {
  const { replies, matches, query } = picker;
  if (replies.items === null && replies.error) {
    return (
      <p className="canned-popup__message" role="alert">
        Canned replies could not be loaded: {replies.error.reason}{' '}
        <button type="button" className="link-button" onMouseDown={keepFocus} onClick={replies.refresh}>Try again</button>
      </p>
    );
  }
  if (replies.items === null) {
    return <p className="canned-popup__message" role="status"><Spinner /> Loading canned replies…</p>;
  }
  if (replies.items.length === 0) {
    return (
      <p className="canned-popup__message">
        No canned replies yet — add some on the{' '}
        <Link to={routes.cannedReplies.href()}>Canned replies page</Link>
      </p>
    );
  }
  if (matches.length === 0) {
    return <p className="canned-popup__message">No canned replies match “{query.trim()}”.</p>;
  }
  return <Options picker={picker} />;
}

// Under the text box while a "/query" is typed; the box keeps the focus.
export function SlashPicker({ picker }) {
  if (picker.mode !== 'slash') return null;
  return (
    <div
      className="canned-popup canned-popup--below"
      onBlur={(event) => {
        if (!event.currentTarget.closest('.canned-anchor')?.contains(event.relatedTarget)) picker.leaveSlash();
      }}
    >
      <PickerContent picker={picker} />
      <p className="canned-popup__keys" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> to choose · <kbd>Enter</kbd> to insert · <kbd>Esc</kbd> to close
      </p>
    </div>
  );
}

// The button that opens the picker with a search box, for those who do not type "/". Its
// list opens above the row the button is in (give that row the class canned-anchor).
export function CannedReplyButton({ picker, disabled }) {
  const open = picker.mode === 'search';
  const popupId = `${picker.listboxId}-search`;
  return (
    <div
      className="canned-menu"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget)) picker.closeSearch();
      }}
    >
      <button
        ref={picker.button}
        type="button"
        className="button button--ghost button--small"
        aria-expanded={open}
        aria-controls={open ? popupId : undefined}
        disabled={disabled}
        onClick={() => (open ? picker.closeSearch() : picker.openSearch())}
      >
        Canned replies
      </button>
      {open && (
        <div id={popupId} className="canned-popup canned-popup--above">
          <input
            type="search"
            className="input canned-popup__search"
            role="combobox"
            aria-label="Search canned replies"
            aria-autocomplete="list"
            aria-expanded={picker.listShown}
            aria-controls={picker.listShown ? picker.listboxId : undefined}
            aria-activedescendant={picker.activeId}
            placeholder="Search canned replies"
            autoComplete="off"
            autoFocus
            value={picker.search}
            onChange={(event) => picker.setSearch(event.target.value)}
            onKeyDown={picker.onListKey}
          />
          <PickerContent picker={picker} />
        </div>
      )}
    </div>
  );
}
