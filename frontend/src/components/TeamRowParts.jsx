// The staff's parts of a ticket list row, loaded on demand (see TicketList): the box
// that ticks the row for a bulk change, and the ticket's tags.
import { clickRow } from '../ticketSelection.js';

// A shift-click ticks a range; without this, it would also select the text between the boxes.
function keepTextSelection(event) {
  if (event.shiftKey) event.preventDefault();
}

// `selection`, `setSelection`: the list's useTicketSelection. `visibleIds`: every row's
// id, in order, for a shift-click's range.
export function RowSelectBox({ ticket, visibleIds, selection, setSelection }) {
  function change(event) {
    const { checked } = event.target;
    const shift = event.nativeEvent.shiftKey;
    setSelection((previous) => clickRow(previous, visibleIds, ticket.id, { checked, shift }));
  }
  return (
    <input
      type="checkbox"
      className="ticket-row__select"
      aria-label={`Select ticket #${ticket.id}`}
      checked={selection.ids.includes(ticket.id)}
      onMouseDown={keepTextSelection}
      onChange={change}
    />
  );
}

// A click on a tag adds it to the list's filter.
export function RowTags({ tags, onTagClick }) {
  return (
    <ul className="ticket-row__tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <button type="button" className="ticket-row__tag" aria-label={`Add filter: tag ${tag}`} onClick={() => onTagClick(tag)}>
            {tag}
          </button>
        </li>
      ))}
    </ul>
  );
}
