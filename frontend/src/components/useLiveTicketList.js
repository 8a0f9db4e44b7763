// The ticket list, live: rows change in place and deleted ones go, but new tickets
// that match the filters are only counted ("2 new tickets — show"), so the list never
// moves under the reader's pointer. `reset` (more was missed than the server keeps)
// reloads the list.
import { useState } from 'react';
import { applyToList, matchesFilters } from '../liveMerge.js';
import { useLiveEvents } from './useLiveEvents.js';

// `pages` is the list's usePagedQuery; `filters` those it shows (Tickets.jsx's names).
export function useLiveTicketList(pages, filters, user) {
  const key = JSON.stringify(filters);
  // The new tickets' ids, for the filters they were counted under.
  const [arrived, setArrived] = useState({ key, ids: [] });
  const current = (previous) => (previous.key === key ? previous.ids : []);

  useLiveEvents(({ type, data }) => {
    if (type === 'reset') {
      setArrived({ key, ids: [] });
      pages.reload();
      return;
    }
    if (!data) return;
    if (type === 'ticket.created' && matchesFilters(data.ticket, filters, user)) {
      setArrived((previous) => {
        const ids = current(previous);
        return ids.includes(data.ticket.id) ? previous : { key, ids: [...ids, data.ticket.id] };
      });
    }
    if (type === 'ticket.deleted') {
      setArrived((previous) => ({ key, ids: current(previous).filter((id) => id !== data.ticket_id) }));
    }
    pages.updateItems((items) => applyToList(items, { type, data }));
  });

  // A ticket the list already shows (it was loaded after it arrived) is not new.
  const newCount = current(arrived).filter((id) => !pages.items.some((ticket) => ticket.id === id)).length;
  return {
    newCount,
    showNew() {
      setArrived({ key, ids: [] });
      pages.reload();
    },
  };
}
