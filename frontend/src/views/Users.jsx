import { useState } from 'react';
import { api } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, EmptyState, ErrorState, Loading } from '../components/States.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useApi } from '../components/useApi.js';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { roleLabels } from '../format.js';
import { ROLES, changesAdmin } from '../policies.js';

function RoleSelect({ person, disabled, error, onChange }) {
  const errorId = `role-error-${person.id}`;
  return (
    <>
      <select
        className="input select select--compact"
        aria-label={`Role of ${person.username}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        value={person.role}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {ROLES.map((role) => <option key={role} value={role}>{roleLabels[role]}</option>)}
      </select>
      {error && <p className="field__error role-error" id={errorId} role="alert">{error}</p>}
    </>
  );
}

// The question asked before someone becomes an admin or stops being one.
function AdminChangeDialog({ change: { person, role }, self, onConfirm, onCancel }) {
  const granting = role === 'admin';
  const name = self ? 'yourself' : person.username;
  return (
    <ConfirmDialog
      title={granting ? `Make ${person.username} an admin?` : `Remove admin rights from ${name}?`}
      confirmLabel={granting ? 'Make admin' : 'Remove admin rights'}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {granting
        ? `${person.username} will be able to change everyone's role, change the SLA settings, read the audit log and delete tickets.`
        : `${self ? 'You' : person.username} will become ${roleLabels[role].toLowerCase()} and can no longer manage users, the SLA settings or the audit log.`}
    </ConfirmDialog>
  );
}

export function Users({ user }) {
  useDocumentTitle('Users');
  const users = useApi((signal) => api.listUsers(undefined, { signal }), []);
  const [savingId, setSavingId] = useState(null);
  const [saved, setSaved] = useState(null);
  // The server's refusal per user id, shown at that user's control.
  const [errors, setErrors] = useState({});
  const [asking, setAsking] = useState(null);

  async function changeRole(person, role) {
    setSavingId(person.id);
    setSaved(null);
    setErrors(({ [person.id]: _old, ...rest }) => rest);
    try {
      const updated = await api.setUserRole(person.id, role);
      users.setData((data) => ({ items: data.items.map((item) => (item.id === updated.id ? updated : item)) }));
      setSaved(`${updated.username} is now ${roleLabels[updated.role].toLowerCase()}.`);
      if (updated.id === user.id) await api.refreshMe();
    } catch (error) {
      setErrors((previous) => ({ ...previous, [person.id]: error.reason }));
    } finally {
      setSavingId(null);
      setAsking(null);
    }
  }

  // Making or ending an admin waits for a yes; every other change applies at once.
  function pickRole(person, role) {
    if (changesAdmin(person.role, role)) setAsking({ person, role });
    else changeRole(person, role);
  }

  let content;
  if (users.error) {
    content = <ErrorState title="Users could not be loaded" error={users.error} onRetry={users.reload} />;
  } else if (!users.data) {
    content = <Loading label="Loading users…" />;
  } else if (users.data.items.length === 0) {
    content = <EmptyState title="No users yet" />;
  } else {
    content = (
      <div className="card table-card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((person) => (
              <tr key={person.id}>
                <td data-label="User">
                  <div className="person">
                    <span className={`avatar avatar--${person.role}`} aria-hidden="true">
                      {person.username.slice(0, 1).toUpperCase()}
                    </span>
                    <div>
                      <div className="person__name">
                        {person.username}{person.id === user.id && <span className="muted"> (you)</span>}
                      </div>
                      <div className="person__email">{person.email}</div>
                    </div>
                  </div>
                </td>
                <td data-label="Role">
                  <RoleSelect
                    person={person}
                    disabled={savingId !== null}
                    error={errors[person.id]}
                    onChange={(role) => pickRole(person, role)}
                  />
                </td>
                <td data-label="Joined"><TimeAgo iso={person.created_at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="page">
      <PageHeader title="Users" subtitle="Everyone with an account, and what they may do." />
      {saved && <Alert tone="success">{saved}</Alert>}
      {content}
      {asking && (
        <AdminChangeDialog
          change={asking}
          self={asking.person.id === user.id}
          onConfirm={() => changeRole(asking.person, asking.role)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
