import { Spinner } from './States.jsx';

/** The foot of a paged list (see usePagedQuery): the next page's error, and the button that asks for it. */
export function LoadMore({ pages, disabled = false }) {
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
