// Which rows of the ticket list are ticked for a bulk change, as plain values:
// `{ ids, anchor }`, where `ids` are in the list's order and `anchor` is the row
// clicked last, where a shift-click range starts (as in a file manager or mail app).
// `visibleIds` are the ids of the rows on screen, in order; every function keeps
// only those, so a row that went away (deleted live) is no longer selected.

export const emptySelection = { ids: [], anchor: null };

function inListOrder(ids, visibleIds) {
  const chosen = new Set(ids);
  return visibleIds.filter((id) => chosen.has(id));
}

// After a click on row `id`'s box, which `checked` says is now ticked or not. With
// `shift`, every row from the anchor to this one takes that state.
export function clickRow(selection, visibleIds, id, { checked, shift = false }) {
  const from = shift ? visibleIds.indexOf(selection.anchor) : -1;
  const to = visibleIds.indexOf(id);
  if (to < 0) return selection;
  const range = from >= 0 ? visibleIds.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
  const ids = checked
    ? [...selection.ids, ...range]
    : selection.ids.filter((each) => !range.includes(each));
  return { ids: inListOrder(ids, visibleIds), anchor: id };
}

// How much of the page is ticked: 'none', 'some' or 'all' (for the header box).
export function pageState(selection, visibleIds) {
  const count = inListOrder(selection.ids, visibleIds).length;
  if (count === 0) return 'none';
  return count === visibleIds.length ? 'all' : 'some';
}

// The header box: ticks every row, or, when every row is ticked already, none.
export function toggleAll(selection, visibleIds) {
  if (pageState(selection, visibleIds) === 'all') return emptySelection;
  return { ids: [...visibleIds], anchor: null };
}

// The selection without rows that are no longer on screen; the same object when none went.
export function keepVisible(selection, visibleIds) {
  const ids = inListOrder(selection.ids, visibleIds);
  if (ids.length === selection.ids.length) return selection;
  return { ids, anchor: visibleIds.includes(selection.anchor) ? selection.anchor : null };
}
