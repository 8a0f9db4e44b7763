// Administrative events that outlive what they are about (deleted tickets, role
// changes), newest first, a page at a time.
import { useRef } from 'react';
import { api } from '../api.js';
import { LoadMore } from '../components/LoadMore.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { EmptyState, ErrorState, Loading } from '../components/States.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { usePagedQuery } from '../components/usePagedQuery.js';

const actionLabels = { ticket_deleted: 'Ticket deleted', role_changed: 'Role changed' };
const targetNames = { ticket: 'Ticket', user: 'User' };
const noFilters = {};

// Rows take focus (tabIndex -1) when "Load more" brings them in; they have no link.
function AuditTable({ entries, stale, rowsRef }) {
  return (
    <div className={`card table-card${stale ? ' is-stale' : ''}`}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Event</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody ref={rowsRef}>
          {entries.map((entry) => (
            <tr key={entry.id} tabIndex={-1}>
              <td data-label="When"><TimeAgo iso={entry.created_at} /></td>
              <td data-label="Who">{entry.actor?.username ?? <span className="muted">system</span>}</td>
              <td data-label="Event">
                <span className="badge">{actionLabels[entry.action] ?? entry.action}</span>
              </td>
              <td data-label="Details" className="audit__details">
                <span className="muted">{targetNames[entry.target_type] ?? entry.target_type} #{entry.target_id}</span>
                {' '}{entry.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditLog() {
  useDocumentTitle('Audit log');
  const pages = usePagedQuery(api.listAudit, noFilters);
  const rows = useRef(null);

  let content;
  if (pages.error) {
    content = <ErrorState title="The audit log could not be loaded" error={pages.error} onRetry={pages.reload} />;
  } else if (pages.loading && pages.items.length === 0) {
    content = <Loading label="Loading the audit log…" />;
  } else if (pages.items.length === 0) {
    content = (
      <EmptyState icon="check" title="Nothing recorded yet">
        Deleted tickets and role changes will be listed here.
      </EmptyState>
    );
  } else {
    content = (
      <>
        <AuditTable entries={pages.items} stale={pages.loading} rowsRef={rows} />
        <LoadMore pages={pages} list={rows} />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader title="Audit log" subtitle="Deleted tickets and role changes, newest first." />
      <div aria-busy={pages.loading}>{content}</div>
    </div>
  );
}
