// A text field for one tag with suggestions from the tags in use, as an ARIA combobox:
// typing or the arrow keys open the list, the arrows move through it, Enter or a click
// takes a suggestion, Escape closes it. Enter with no suggestion picked is left to the
// surrounding form, which takes the typed text.
import { useState } from 'react';
import { normalizeTag } from '../ticketTags.js';
import { useTagSuggestions } from './useTagSuggestions.js';

const SHOWN = 8;

function step(index, by, count) {
  if (index < 0) return by > 0 ? 0 : count - 1;
  return (index + by + count) % count;
}

// `onChoose(tag)`: a suggestion was taken. `exclude`: tags not worth suggesting (already chosen).
export function TagInput({ id, value, onChange, onChoose, exclude = [], className = 'input', ...inputProps }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const suggestions = useTagSuggestions(normalizeTag(value), open);
  const options = suggestions.filter((item) => !exclude.includes(item.tag)).slice(0, SHOWN);
  const expanded = open && options.length > 0;
  const current = expanded && active < options.length ? active : -1;
  const listId = `${id}-suggestions`;
  const optionId = (index) => `${id}-suggestion-${index}`;

  function choose(tag) {
    setActive(-1);
    setOpen(false);
    onChoose(tag);
  }

  function keyDown(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (expanded) setActive(step(current, event.key === 'ArrowDown' ? 1 : -1, options.length));
    } else if (event.key === 'Enter' && current >= 0) {
      event.preventDefault();
      choose(options[current].tag);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className="tag-input">
      <input
        {...inputProps}
        id={id}
        className={className}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={expanded ? listId : undefined}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={keyDown}
      />
      {expanded && (
        <ul id={listId} role="listbox" className="tag-input__options" aria-label="Tag suggestions">
          {options.map((item, index) => (
            <li
              key={item.tag}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className={`tag-input__option${index === current ? ' is-active' : ''}`}
              // Keeps focus in the field, so the click is not lost to its blur.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(item.tag)}
            >
              <span>{item.tag}</span>
              <span className="tag-input__count">
                {item.count}
                <span className="visually-hidden"> {item.count === 1 ? 'ticket' : 'tickets'}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
