import { useEffect } from 'react';
import { focusRow } from './focusRow.js';
import { Spinner } from './States.jsx';

/**
 * The foot of a paged list (see usePagedQuery): the next page's error, and the button that asks for it.
 * `list` (a ref to the element holding the rows) lets focus move on to the first new row, instead of
 * being lost with the button once the last page is in.
 */
export function LoadMore({ pages, list, disabled = false }) {
  useEffect(() => {
    if (pages.appendedAt !== null) focusRow(list?.current, pages.appendedAt);
  }, [pages.appendedAt]);

  return (
    <div className="load-more">
      {pages.moreError && <p className="field__error" role="alert">{pages.moreError.reason}</p>}
      {pages.hasMore && (
        <button type="button" className="button" onClick={pages.loadMore} disabled={disabled || pages.loadingMore}>
          {pages.loadingMore && <Spinner />} {pages.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
