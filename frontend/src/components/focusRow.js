// Puts keyboard focus on row `index` of a list (or table body): on its link, or on
// the row itself when it has none (such rows carry tabIndex={-1}).
export function focusRow(list, index) {
  const row = list?.children[index];
  (row?.querySelector('a[href]') ?? row)?.focus();
}
