import { Suspense, lazy, useState } from 'react';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';
import { lastReplyText } from '../ticketActivity.js';
import { DueBadge, PriorityBadge, StatusBadge } from './Badges.jsx';
import { focusRow } from './focusRow.js';
import { Icon } from './Icon.jsx';
import { TimeAgo } from './TimeAgo.jsx';
import { stepIndex, useKeyboardShortcuts } from './useKeyboardShortcuts.js';

// Only staff have these parts of a row (a box to tick it, its tags): they load on demand.
const teamPart = (name) => lazy(() => import('./TeamRowParts.jsx').then((module) => ({ default: module[name] })));
const RowSelectBox = teamPart('RowSelectBox');
const RowTags = teamPart('RowTags');

// Every row has this line, "No replies yet" included, so rows are all the same height.
function LastReply({ lastReply }) {
  if (!lastReply) return <p className="ticket-row__activity">No replies yet</p>;
  return (
    <p className={`ticket-row__activity${lastReply.internal ? ' is-internal' : ''}`}>
      {lastReply.internal && <Icon name="lock" className="ticket-row__icon" />}
      <span className="ticket-row__replier">{lastReplyText(lastReply)}</span>
      <span aria-hidden="true">·</span>
      <TimeAgo iso={lastReply.at} />
    </p>
  );
}

function TicketRow({ ticket, showSla, highlighted, team, visibleIds }) {
  const selected = team?.selection.ids.includes(ticket.id);
  return (
    <li className={`ticket-row${highlighted ? ' is-highlighted' : ''}${selected ? ' is-selected' : ''}`}>
      {team && (
        <Suspense fallback={<span className="ticket-row__select" aria-hidden="true" />}>
          <RowSelectBox ticket={ticket} visibleIds={visibleIds} selection={team.selection} setSelection={team.setSelection} />
        </Suspense>
      )}
      <div className="ticket-row__main">
        <Link to={routes.ticket.href({ id: ticket.id })} className="ticket-row__title">
          {ticket.title}
        </Link>
        <p className="ticket-row__meta">
          <span className="ticket-row__id">#{ticket.id}</span>
          <span>by {ticket.author?.username ?? 'unknown'}</span>
          <span>
            {ticket.assignee ? <>assigned to {ticket.assignee.username}</> : <span className="muted">unassigned</span>}
          </span>
          <TimeAgo iso={ticket.created_at} />
        </p>
        <LastReply lastReply={ticket.last_reply} />
      </div>
      <div className="ticket-row__badges">
        {team?.onTagClick && ticket.tags?.length > 0 && (
          <Suspense fallback={null}>
            <RowTags tags={ticket.tags} onTagClick={team.onTagClick} />
          </Suspense>
        )}
        {ticket.new_reply && <span className="badge badge--new-reply">New reply</span>}
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        {showSla && <DueBadge sla={ticket.sla} />}
      </div>
    </li>
  );
}

// `showSla`: staff see each ticket's due badge. `listRef` is given the <ul>; the
// row of `highlightedId` is marked (see useTicketListShortcuts). `team` (staff):
// { selection, setSelection } of useTicketSelection, for a box on each row, and
// `onTagClick(tag)`, to filter by one of a row's tags (null: tags are not shown).
export function TicketList({ tickets, stale, showSla = false, listRef, highlightedId = null, team = null }) {
  const visibleIds = tickets.map((ticket) => ticket.id);
  return (
    <ul className={`ticket-list card${stale ? ' is-stale' : ''}`} aria-label="Tickets" ref={listRef}>
      {tickets.map((ticket) => (
        <TicketRow
          key={ticket.id}
          ticket={ticket}
          showSla={showSla}
          highlighted={ticket.id === highlightedId}
          team={team}
          visibleIds={visibleIds}
        />
      ))}
    </ul>
  );
}

// "j" and "k" move a highlight through the rows, taking focus along so the row is
// read out and scrolled into view; Enter opens the highlighted ticket. A row reached
// with Tab counts as the current one. Returns the highlighted ticket's id.
export function useTicketListShortcuts(tickets, listRef, enabled) {
  const [highlightedId, setHighlightedId] = useState(null);
  const highlighted = tickets.find((ticket) => ticket.id === highlightedId);

  function move(step) {
    const rows = [...(listRef.current?.children ?? [])];
    const focused = rows.findIndex((row) => row.contains(globalThis.document.activeElement));
    const current = focused >= 0 ? focused : tickets.indexOf(highlighted);
    const next = stepIndex(current >= 0 ? current : null, step, tickets.length);
    if (next === null) return;
    setHighlightedId(tickets[next].id);
    focusRow(listRef.current, next);
  }

  useKeyboardShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ...(highlighted && { Enter: () => navigate(routes.ticket.href({ id: highlighted.id })) }),
  }, enabled);
  return highlighted ? highlighted.id : null;
}

export function TicketListSkeleton() {
  return (
    <div className="ticket-list card" role="status" aria-label="Loading tickets">
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="ticket-row ticket-row--skeleton" aria-hidden="true">
          <div className="ticket-row__main">
            <span className="skeleton skeleton--title" />
            <span className="skeleton skeleton--meta" />
            <span className="skeleton skeleton--meta skeleton--activity" />
          </div>
          <span className="skeleton skeleton--badge" />
        </div>
      ))}
    </div>
  );
}
