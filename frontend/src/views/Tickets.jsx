import { useEffect, useRef, useState } from 'react';
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
import { takeFlash } from '../flash.js';
import { PRIORITIES, STATUSES } from '../format.js';
import { policies } from '../policies.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';
import { countNewReplies, pickSort, sortOptions } from '../ticketActivity.js';

const ASSIGNEE_FILTERS = ['me', 'none'];
const SLA_FILTERS = ['breached', 'at_risk'];

// The URL query string holds the filters, so they survive reloads and can be shared.
function filtersFromQuery(query, user) {
  const pick = (value, allowed) => (allowed.includes(value) ? value : '');
  return {
    q: (query.q ?? '').trim(),
    status: pick(query.status, STATUSES),
    priority: pick(query.priority, PRIORITIES),
    assignee: policies.filterByAssignee(user) ? pick(query.assignee, ASSIGNEE_FILTERS) : '',
    sla: policies.seeSla(user) ? pick(query.sla, SLA_FILTERS) : '',
    sort: pickSort(query.sort, user),
  };
}

// The tickets matching the filters, named as the API names them. Exported for the
// unit test of the race between a filter change and "Load more".
export function useTicketPages(filters) {
  const query = {
    status: filters.status,
    priority: filters.priority,
    assignee_id: filters.assignee,
    q: filters.q,
    sla: filters.sla,
    sort: filters.sort,
  };
  return usePagedQuery(api.listTickets, query);
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
  const filters = filtersFromQuery(query, user);
  const pages = useTicketPages(filters);
  const live = useLiveTicketList(pages, filters, user);
  const staff = policies.triageTicket(user);
  const heading = staff ? 'Tickets' : 'My tickets';
  const newReplies = countNewReplies(pages.items);
  useDocumentTitle(newReplies > 0 ? `${heading} (${newReplies} new)` : heading);
  const [notice, dismissNotice] = useArrivalNotice();
  const listRef = useRef(null);
  const highlightedId = useTicketListShortcuts(pages.items, listRef, policies.keyboardShortcuts(user));
  // The order is not a filter: an empty list under "due soonest" is as empty as under "newest".
  const { sort, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some(Boolean);
  const showSla = policies.seeSla(user);

  const setFilters = (changes) => navigate(routes.tickets.href({}, { ...filters, ...changes }), { replace: true });
  const clearFilters = () => navigate(routes.tickets.href({}, { sort }), { replace: true });

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
      />
      <div className="live-region" role="status">
        {live.newCount > 0 && <NewTickets count={live.newCount} onShow={live.showNew} />}
      </div>
      <div aria-busy={pages.loading}>{list}</div>
      <p className="visually-hidden" role="status">
        {pages.loading ? '' : `${pages.items.length} tickets shown`}
      </p>
    </div>
  );
}
