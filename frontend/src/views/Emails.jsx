// The mail outbox (admins): every notification and password reset, newest first,
// and what became of it. A failed or waiting message can be sent again from its row.
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { SelectField } from '../components/Field.jsx';
import { LoadMore } from '../components/LoadMore.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { EmptyState, ErrorState, Loading, Spinner } from '../components/States.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { usePagedQuery } from '../components/usePagedQuery.js';
import { useTransientMessage } from '../components/useTransientMessage.js';
import { EMAIL_STATUSES, canRetry, emailKindLabel, emailStatusFromQuery, emailStatusLabels } from '../emails.js';
import { formatDateTime, relativeTime } from '../format.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';

const statusOptions = [
  { value: '', label: 'All' },
  ...EMAIL_STATUSES.map((value) => ({ value, label: emailStatusLabels[value] })),
];

// A message that failed before waits for its next attempt; a new one is due at once.
function NextAttempt({ email }) {
  if (email.status !== 'pending' || email.attempts === 0 || !email.next_attempt_at) return null;
  const when = relativeTime(email.next_attempt_at);
  if (!when.startsWith('in ')) return null;
  return (
    <span className="emails__next">
      next try <time dateTime={email.next_attempt_at} title={formatDateTime(email.next_attempt_at)}>{when}</time>
    </span>
  );
}

function RetryButton({ email, busy, error, onRetry }) {
  const errorId = `email-retry-error-${email.id}`;
  return (
    <>
      {canRetry(email) && (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          aria-describedby={error ? errorId : undefined}
          onClick={() => onRetry(email)}
        >
          {busy && <Spinner />} {busy ? 'Retrying…' : 'Retry'}
          <span className="visually-hidden"> the email to {email.to}</span>
        </button>
      )}
      {error && <p className="field__error emails__error" id={errorId} role="alert">{error}</p>}
    </>
  );
}

// Rows take focus (their ticket link, or the row) when "Load more" brings them in.
function EmailTable({ emails, stale, rowsRef, retrying, errors, onRetry }) {
  return (
    <div className={`card table-card${stale ? ' is-stale' : ''}`}>
      <table className="table table--compact emails">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">To</th>
            <th scope="col">Ticket</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Created</th>
            <th scope="col">Sent</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody ref={rowsRef}>
          {emails.map((email) => (
            <tr key={email.id} tabIndex={-1}>
              <td data-label="Subject">
                <span className="emails__subject">
                  <span>{email.subject}</span>
                  <span className="emails__kind">{emailKindLabel(email.kind)}</span>
                </span>
              </td>
              <td data-label="To" className="emails__to">{email.to}</td>
              <td data-label="Ticket">
                {email.ticket_id
                  ? <Link to={routes.ticket.href({ id: email.ticket_id })}>#{email.ticket_id}</Link>
                  : <span className="muted">—</span>}
              </td>
              <td data-label="Status">
                <span className="emails__status">
                  <span className={`badge badge--email-${email.status}`}>{emailStatusLabels[email.status] ?? email.status}</span>
                  <NextAttempt email={email} />
                </span>
              </td>
              <td data-label="Attempts" className="emails__attempts">{email.attempts}</td>
              <td data-label="Last error" className="emails__last-error">
                {email.last_error ?? <span className="muted">—</span>}
              </td>
              <td data-label="Created"><TimeAgo iso={email.created_at} /></td>
              <td data-label="Sent">
                {email.sent_at ? <TimeAgo iso={email.sent_at} /> : <span className="muted">—</span>}
              </td>
              <td data-label="" className="emails__actions">
                <RetryButton email={email} busy={Boolean(retrying[email.id])} error={errors[email.id]} onRetry={onRetry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NoEmails({ status, onShowAll }) {
  if (status) {
    return (
      <EmptyState
        icon="check"
        title={`No ${emailStatusLabels[status].toLowerCase()} emails`}
        action={<button type="button" className="button" onClick={onShowAll}>Show all emails</button>}
      />
    );
  }
  return (
    <EmptyState title="No emails yet">
      Notifications about tickets and password-reset links will be listed here once they are sent.
    </EmptyState>
  );
}

export function Emails({ query }) {
  useDocumentTitle('Emails');
  const status = emailStatusFromQuery(query);
  const pages = usePagedQuery(api.listEmails, { status });
  const rows = useRef(null);
  // Per email id: a retry on its way, and the server's refusal shown in that row.
  const [retrying, setRetrying] = useState({});
  const [errors, setErrors] = useState({});
  const [confirmation, confirm] = useTransientMessage();

  const showStatus = (next) => navigate(routes.emails.href({}, { status: next }), { replace: true });

  async function retry(email) {
    setRetrying((previous) => ({ ...previous, [email.id]: true }));
    setErrors(({ [email.id]: _old, ...rest }) => rest);
    confirm('');
    try {
      const updated = await api.retryEmail(email.id);
      pages.replaceItem(updated);
      confirm(`The email to ${updated.to} will be sent again now.`);
    } catch (error) {
      setErrors((previous) => ({ ...previous, [email.id]: error.reason }));
    } finally {
      setRetrying(({ [email.id]: _done, ...rest }) => rest);
    }
  }

  let content;
  if (pages.error) {
    content = <ErrorState title="Emails could not be loaded" error={pages.error} onRetry={pages.reload} />;
  } else if (pages.loading && pages.items.length === 0) {
    content = <Loading label="Loading emails…" />;
  } else if (pages.items.length === 0) {
    content = <NoEmails status={status} onShowAll={() => showStatus('')} />;
  } else {
    content = (
      <>
        <EmailTable
          emails={pages.items}
          stale={pages.loading}
          rowsRef={rows}
          retrying={retrying}
          errors={errors}
          onRetry={retry}
        />
        <LoadMore pages={pages} list={rows} disabled={pages.loading} />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader title="Emails" subtitle="Notifications and password-reset mail, newest first." />
      <SelectField
        label="Status"
        className="field--short"
        options={statusOptions}
        value={status}
        onChange={(event) => showStatus(event.target.value)}
      />
      <p className="confirmation live-region" role="status">{confirmation}</p>
      <div aria-busy={pages.loading}>{content}</div>
    </div>
  );
}
