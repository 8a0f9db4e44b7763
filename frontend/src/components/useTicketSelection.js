// The rows of the ticket list ticked for a bulk change, as { ids, anchor } (see
// ticketSelection.js, whose functions change it). New filters (`resetKey`) start
// with nothing ticked. Returns [selection, setSelection(update)].
import { useState } from 'react';

// ticketSelection.js's emptySelection, spelled out so that the first page need not load that module.
const NOTHING = { ids: [], anchor: null };

export function useTicketSelection(resetKey) {
  const [state, setState] = useState({ key: resetKey, selection: NOTHING });
  const current = (previous) => (previous.key === resetKey ? previous.selection : NOTHING);
  const setSelection = (update) => setState((previous) => ({ key: resetKey, selection: update(current(previous)) }));
  return [current(state), setSelection];
}
