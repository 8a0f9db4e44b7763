// A list the server hands out a page at a time ({ items, next_cursor }), for one
// set of filters. Every request made for those filters (the first page and each
// "load more") shares one AbortController. When the filters change, the list is
// reloaded or the view goes away, that controller is aborted and any answer still
// on its way is dropped, so a late page of the old filters can never be appended
// to the new list.
//
// `appendedAt` is where the last "load more" page starts in `items` (null after a
// first page), so the view can take keyboard focus to the first new row.
import { useEffect, useRef, useState } from 'react';
import { PAGE_SIZE } from '../limits.js';

const initial = { items: [], cursor: null, loading: true, loadingMore: false, error: null, moreError: null, appendedAt: null };

// `load(query, { signal })` fetches one page; `query` holds the filters, and its
// JSON is the key that says when they changed (so it may be rebuilt every render).
export function usePagedQuery(load, query) {
  const key = JSON.stringify(query);
  const [state, setState] = useState(initial);
  const [attempt, setAttempt] = useState(0);
  const requests = useRef(null);
  // For each page on its way, the row changes made since it was asked for (see updateItems).
  const pending = useRef(new Set());

  // Asks for one page; its rows get the changes made meanwhile.
  function fetchPage(params, signal) {
    const changes = [];
    pending.current.add(changes);
    const done = () => pending.current.delete(changes);
    return load({ ...query, limit: PAGE_SIZE, ...params }, { signal }).then(
      (page) => {
        done();
        return { ...page, items: changes.reduce((items, change) => change(items), page.items) };
      },
      (error) => {
        done();
        throw error;
      },
    );
  }

  useEffect(() => {
    const controller = new AbortController();
    requests.current = controller;
    // The previous items stay on screen, marked as loading, until the new page arrives.
    setState((previous) => ({ ...previous, loading: true, loadingMore: false, error: null, moreError: null, appendedAt: null }));
    fetchPage({}, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setState({ ...initial, loading: false, items: page.items, cursor: page.next_cursor });
      },
      (error) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  // `update(items)` gives the rows after a change heard live, the same array when nothing
  // changed. A page on its way gets it too: the server may have answered before the change.
  function updateItems(update) {
    for (const changes of pending.current) changes.push(update);
    setState((previous) => {
      const items = update(previous.items);
      return items === previous.items ? previous : { ...previous, items };
    });
  }

  function loadMore() {
    const controller = requests.current;
    if (!controller || !state.cursor || state.loading || state.loadingMore) return;
    setState((previous) => ({ ...previous, loadingMore: true, moreError: null }));
    fetchPage({ cursor: state.cursor }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({
          ...previous,
          items: [...previous.items, ...page.items],
          cursor: page.next_cursor,
          loadingMore: false,
          appendedAt: page.items.length > 0 ? previous.items.length : null,
        }));
      },
      (moreError) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, loadingMore: false, moreError }));
      },
    );
  }

  return {
    items: state.items,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    moreError: state.moreError,
    appendedAt: state.appendedAt,
    hasMore: Boolean(state.cursor),
    loadMore,
    reload: () => setAttempt((count) => count + 1),
    // A row the server has changed since (an email sent again) takes the place of the one with its id.
    replaceItem: (item) => updateItems((items) => items.map((existing) => (existing.id === item.id ? item : existing))),
    updateItems,
  };
}
