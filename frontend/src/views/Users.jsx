import { useState } from 'react';
import { api } from '../api.js';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, EmptyState, ErrorState, Loading } from '../components/States.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useApi } from '../components/useApi.js';
import { roleLabels } from '../format.js';
import { ROLES } from '../policies.js';

function RoleSelect({ person, disabled, onChange }) {
  return (
    <select
      className="input select select--compact"
      aria-label={`Role of ${person.username}`}
      value={person.role}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
    >
      {ROLES.map((role) => <option key={role} value={role}>{roleLabels[role]}</option>)}
    </select>
  );
}

export function Users({ user }) {
  const users = useApi((signal) => api.listUsers(undefined, { signal }), []);
  const [savingId, setSavingId] = useState(null);
  const [notice, setNotice] = useState(null);

  async function changeRole(person, role) {
    setSavingId(person.id);
    setNotice(null);
    try {
      const updated = await api.setUserRole(person.id, role);
      users.setData((data) => ({ items: data.items.map((item) => (item.id === updated.id ? updated : item)) }));
      setNotice({ tone: 'success', text: `${updated.username} is now ${roleLabels[updated.role].toLowerCase()}.` });
      if (updated.id === user.id) await api.refreshMe();
    } catch (error) {
      setNotice({ tone: 'error', text: error.reason });
    } finally {
      setSavingId(null);
    }
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
                  <RoleSelect person={person} disabled={savingId !== null} onChange={(role) => changeRole(person, role)} />
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
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {content}
    </div>
  );
}
