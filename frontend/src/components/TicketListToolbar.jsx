// Over the staff's ticket list: the box that ticks every row, "Export CSV", and, once
// a row is ticked, the bulk change bar, which stays in view while the list scrolls.
import { useEffect, useRef } from 'react';
import { policies } from '../policies.js';
import { emptySelection, keepVisible, pageState, toggleAll } from '../ticketSelection.js';
import { BulkActionBar } from './BulkActionBar.jsx';
import { ExportButton } from './ExportButton.jsx';
import { useTransientMessage } from './useTransientMessage.js';

// The box that ticks every row shown, or none; half-ticked (indeterminate) when some are.
function SelectAllBox({ state, disabled, onToggle, boxRef }) {
  useEffect(() => {
    boxRef.current.indeterminate = state === 'some';
  }, [boxRef, state]);
  return (
    <label className="select-all">
      <input type="checkbox" ref={boxRef} checked={state === 'all'} disabled={disabled} onChange={onToggle} />
      <span>Select all on this page</span>
    </label>
  );
}

// `tickets`: the rows shown. `selection`, `setSelection`: the list's useTicketSelection.
// `exportFilters`: the list's query, as the API names it. `onApplied(items)`: the changed tickets, as the server has them now.
export function TicketListToolbar({ tickets, selection, setSelection, exportFilters, user, onApplied }) {
  const [confirmation, confirm] = useTransientMessage();
  // The bar's buttons go away with the selection: focus comes back to the box that started it.
  const selectAll = useRef(null);
  const visibleIds = tickets.map((ticket) => ticket.id);
  // A row deleted meanwhile is no longer ticked.
  const { ids } = keepVisible(selection, visibleIds);
  const chosen = tickets.filter((ticket) => ids.includes(ticket.id));

  function clear() {
    setSelection(() => emptySelection);
    selectAll.current?.focus();
  }

  function applied(items, message) {
    onApplied(items);
    clear();
    confirm(message);
  }

  return (
    <div className={`list-toolbar${chosen.length > 0 ? ' is-selecting' : ''}`}>
      <div className="list-toolbar__row">
        <SelectAllBox
          state={pageState(selection, visibleIds)}
          disabled={tickets.length === 0}
          onToggle={() => setSelection((previous) => toggleAll(previous, visibleIds))}
          boxRef={selectAll}
        />
        <p className="confirmation live-region list-toolbar__confirmation" role="status">{confirmation}</p>
        {policies.exportTickets(user) && <ExportButton filters={exportFilters} />}
      </div>
      {chosen.length > 0 && <BulkActionBar tickets={chosen} user={user} onApplied={applied} onClear={clear} />}
    </div>
  );
}
