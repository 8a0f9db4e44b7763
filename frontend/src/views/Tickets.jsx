import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { LoadMore } from '../components/LoadMore.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { DismissibleNotice, EmptyState, ErrorState } from '../components/States.jsx';
import { StatsPanel } from '../components/StatsPanel.jsx';
import { TicketFilters } from '../components/TicketFilters.jsx';
import { TicketList, TicketListSkeleton, useTicketListShortcuts } from '../components/TicketList.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { useLiveTicketList } from '../components/useLiveTicketList.js';
import { usePagedQuery } from '../components/usePagedQuery.js';
import { useTicketSelection } from '../components/useTicketSelection.js';
import { takeFlash } from '../flash.js';
import { PRIORITIES, STATUSES } from '../format.js';
import { withNewerTickets } from '../liveMerge.js';
import { policies } from '../policies.js';
import { Link, navigate, useLocation } from '../router.jsx';
import { routes } from '../routes.js';
import { tagsFromSearch } from '../tagFilter.js';
import { countNewReplies, pickSort, sortOptions } from '../ticketActivity.js';

// Staff-only tools load on demand, so a customer's first page stays small.
const TicketListToolbar = lazy(() =>
  import('../components/TicketListToolbar.jsx').then((module) => ({ default: module.TicketListToolbar })));

const ASSIGNEE_FILTERS = ['me', 'none'];
const SLA_FILTERS = ['breached', 'at_risk'];

// The URL query string holds the filters, so they survive reloads and can be shared.
// `tag` may repeat (`?tag=a&tag=b`), so the tags are read from the whole `search`.
function filtersFromQuery(query, search, user) {
  const pick = (value, allowed) => (allowed.includes(value) ? value : '');
  return {
    q: (query.q ?? '').trim(),
    status: pick(query.status, STATUSES),
    priority: pick(query.priority, PRIORITIES),
    assignee: policies.filterByAssignee(user) ? pick(query.assignee, ASSIGNEE_FILTERS) : '',
    sla: policies.seeSla(user) ? pick(query.sla, SLA_FILTERS) : '',
    author_id: policies.filterByCustomer(user) && /^\d{1,18}$/.test(query.author_id ?? '') ? query.author_id : '',
    tag: policies.filterByTag(user) ? tagsFromSearch(search) : [],
    sort: pickSort(query.sort, user),
  };
}

// The filters named as the API names them, for the list and its CSV export alike.
function ticketQuery(filters) {
  return {
    status: filters.status,
    priority: filters.priority,
    assignee_id: filters.assignee,
    q: filters.q,
    sla: filters.sla,
    author_id: filters.author_id,
    tag: filters.tag,
    sort: filters.sort,
  };
}

// The tickets matching the filters. Exported for the unit test of the race between a
// filter change and "Load more".
export function useTicketPages(filters) {
  return usePagedQuery(api.listTickets, ticketQuery(filters));
}

function NoTickets({ filtered, user, onClear }) {
  if (filtered) {
    return (
      <EmptyState
        icon="search"
        title="No tickets match these filters"
        action={<button type="button" className="button" onClick={onClear}>Clear filters</button>}
      >
        Try a different search or fewer filters.
      </EmptyState>
    );
  }
  if (policies.triageTicket(user)) {
    return <EmptyState icon="check" title="All quiet">No tickets have been opened yet.</EmptyState>;
  }
  return (
    <EmptyState
      title="You have no tickets yet"
      action={<Link to={routes.newTicket.href()} className="button button--primary">Open a ticket</Link>}
    >
      Tell us what is wrong and we will get back to you.
    </EmptyState>
  );
}

// New tickets wait above the list until asked for, so the rows never move under the pointer.
function NewTickets({ count, onShow }) {
  return (
    <button type="button" className="new-tickets" onClick={onShow}>
      {count === 1 ? '1 new ticket' : `${count} new tickets`} — show
    </button>
  );
}

// What the page that sent the user here had to say (a deleted ticket), until dismissed.
function useArrivalNotice() {
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    const message = takeFlash();
    if (message) setNotice(message);
  }, []);
  return [notice, () => setNotice(null)];
}

export function Tickets({ query, user }) {
  const { search } = useLocation();
  const filters = filtersFromQuery(query, search, user);
  const pages = useTicketPages(filters);
  const live = useLiveTicketList(pages, filters, user);
  // Other filters, other rows: what was ticked under the old ones is let go.
  const [selection, setSelection] = useTicketSelection(JSON.stringify(filters));
  const teamTools = policies.bulkChangeTickets(user);
  const staff = policies.triageTicket(user);
  const heading = staff ? 'Tickets' : 'My tickets';
  const newReplies = countNewReplies(pages.items);
  useDocumentTitle(newReplies > 0 ? `${heading} (${newReplies} new)` : heading);
  const [notice, dismissNotice] = useArrivalNotice();
  const listRef = useRef(null);
  const highlightedId = useTicketListShortcuts(pages.items, listRef, policies.keyboardShortcuts(user));
  // The order is not a filter: an empty list under "due soonest" is as empty as under "newest".
  const { sort, tag, ...narrowing } = filters;
  const filtered = tag.length > 0 || Object.values(narrowing).some(Boolean);
  const showSla = policies.seeSla(user);

  const setFilters = (changes) => navigate(routes.tickets.href({}, { ...filters, ...changes }), { replace: true });
  const clearFilters = () => navigate(routes.tickets.href({}, { sort }), { replace: true });
  const filterByTag = policies.filterByTag(user)
    ? (chosen) => setFilters({ tag: tag.includes(chosen) ? tag : [...tag, chosen] })
    : null;

  let list;
  if (pages.error) {
    list = <ErrorState title="Tickets could not be loaded" error={pages.error} onRetry={pages.reload} />;
  } else if (pages.loading && pages.items.length === 0) {
    list = <TicketListSkeleton />;
  } else if (pages.items.length === 0) {
    list = <NoTickets filtered={filtered} user={user} onClear={clearFilters} />;
  } else {
    list = (
      <>
        <TicketList
          tickets={pages.items}
          stale={pages.loading}
          showSla={showSla}
          listRef={listRef}
          highlightedId={highlightedId}
          team={teamTools ? { selection, setSelection, onTagClick: filterByTag } : null}
        />
        <LoadMore pages={pages} list={listRef} disabled={pages.loading} />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title={heading}
        subtitle={staff ? 'Every request from every customer.' : 'Your requests and their progress.'}
      />
      <div className="live-region" role="status">
        {notice && <DismissibleNotice onDismiss={dismissNotice}>{notice}</DismissibleNotice>}
      </div>
      <StatsPanel
        title={staff ? 'All tickets' : 'All your tickets'}
        filtered={filtered}
        activeStatus={filters.status}
        onSelectStatus={(status) => setFilters({ status })}
        activeSla={filters.sla}
        onSelectSla={(sla) => setFilters({ sla })}
      />
      <TicketFilters
        filters={filters}
        onChange={setFilters}
        showAssignee={policies.filterByAssignee(user)}
        showSla={showSla}
        sortOptions={sortOptions(user)}
        teamFilters={policies.filterByTag(user)}
        tickets={pages.items}
      />
      <div className="live-region" role="status">
        {live.newCount > 0 && <NewTickets count={live.newCount} onShow={live.showNew} />}
      </div>
      {teamTools && (
        <Suspense fallback={null}>
          <TicketListToolbar
            tickets={pages.items}
            selection={selection}
            setSelection={setSelection}
            exportFilters={ticketQuery(filters)}
            user={user}
            onApplied={(items) => pages.updateItems((rows) => withNewerTickets(rows, items))}
          />
        </Suspense>
      )}
      <div aria-busy={pages.loading}>{list}</div>
      <p className="visually-hidden" role="status">
        {pages.loading ? '' : `${pages.items.length} tickets shown`}
      </p>
    </div>
  );
}
