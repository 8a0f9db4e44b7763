import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.jsx';
import { SelectField, TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { LoadMore } from '../components/LoadMore.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, EmptyState, ErrorState, Loading, Spinner } from '../components/States.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { useForm } from '../components/useForm.js';
import { usePagedQuery } from '../components/usePagedQuery.js';
import { roleLabels } from '../format.js';
import { ROLES, changesAdmin } from '../policies.js';
import { navigate } from '../router.jsx';
import { routes } from '../routes.js';
import {
  USER_SEARCH_MAX, emptyNewUser, newUserRequest, userAddedMessage, userSearchFromQuery, validateNewUser,
} from '../users.js';

// How long typing in the search box waits before it searches.
const SEARCH_DELAY_MS = 300;

const roleOptions = ROLES.map((role) => ({ value: role, label: roleLabels[role] }));

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

// Whether the account may sign in, and the button that ends or restores that.
function ActiveControl({ person, disabled, busy, error, onToggle }) {
  const errorId = `active-error-${person.id}`;
  return (
    <div className="user-active">
      <span className={person.active ? 'user-active__state' : 'user-active__state muted'}>
        {person.active ? 'Active' : 'Deactivated'}
      </span>{' '}
      <button
        type="button"
        className={person.active ? 'button button--small button--danger-ghost' : 'button button--small'}
        disabled={disabled}
        aria-describedby={error ? errorId : undefined}
        onClick={() => onToggle(person)}
      >
        {busy && <Spinner />} {person.active ? 'Deactivate' : 'Reactivate'}
        <span className="visually-hidden"> {person.username}</span>
      </button>
      {error && <p className="field__error active-error" id={errorId} role="alert">{error}</p>}
    </div>
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

function DeactivateDialog({ person, self, onConfirm, onCancel }) {
  return (
    <ConfirmDialog
      title={self ? 'Deactivate your own account?' : `Deactivate ${person.username}?`}
      confirmLabel="Deactivate"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {self
        ? 'You will be signed out everywhere at once and cannot sign in again until another admin reactivates you.'
        : `${person.username} will be signed out everywhere at once and cannot sign in, gets no email and cannot be assigned tickets. Their tickets and comments stay, and you can reactivate them later.`}
    </ConfirmDialog>
  );
}

// Typing searches after a short pause (Enter at once); the search lives in the address's ?q=.
function UserSearch({ search }) {
  const [text, setText] = useState(search);
  // The address may change without typing (back, a link): the box follows it.
  useEffect(() => {
    setText((current) => (current.trim() === search ? current : search));
  }, [search]);

  const show = (value) => navigate(routes.users.href({}, { q: value.trim() || undefined }), { replace: true });

  useEffect(() => {
    if (text.trim() === search) return undefined;
    const timer = setTimeout(() => show(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, search]);

  return (
    <form
      className="users__search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() !== search) show(text);
      }}
    >
      <TextField
        label="Search users"
        type="search"
        className="field--short"
        placeholder="Username or email"
        maxLength={USER_SEARCH_MAX}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}

function AddUserForm({ onAdded, onCancel }) {
  const form = useForm(emptyNewUser, {
    validate: validateNewUser,
    async onSubmit(values) {
      const body = newUserRequest(values);
      const created = await api.createUser(body);
      onAdded(created, { withPassword: 'password' in body });
    },
  });
  const name = form.values.username.trim() || 'the new user';
  return (
    <form className="form card card--padded users__add" onSubmit={form.submit} noValidate aria-labelledby="add-user-title">
      <h2 id="add-user-title" className="section-title">Add user</h2>
      <FormError error={form.error} />
      <TextField label="Username" autoComplete="off" autoFocus {...form.bind('username')} />
      <TextField label="Email" type="email" autoComplete="off" {...form.bind('email')} />
      <SelectField label="Role" className="field--short" options={roleOptions} {...form.bind('role')} />
      <TextField
        label="Password (optional)"
        type="password"
        autoComplete="new-password"
        hint={`Leave it empty and ${name} gets an email with a link to set their own password.`}
        {...form.bind('password')}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy && <Spinner />} {form.busy ? 'Adding…' : 'Add user'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={form.busy}>Cancel</button>
      </div>
    </form>
  );
}

export function Users({ user, query = {} }) {
  useDocumentTitle('Users');
  const search = userSearchFromQuery(query);
  const pages = usePagedQuery(api.listUserPage, { q: search || undefined });
  const rows = useRef(null);
  // The change on its way: { id, kind: 'role' | 'active' }.
  const [saving, setSaving] = useState(null);
  const savingId = saving?.id ?? null;
  const [saved, setSaved] = useState(null);
  // The server's refusal per user id, shown at that user's control (role or active).
  const [errors, setErrors] = useState({});
  const [activeErrors, setActiveErrors] = useState({});
  const [asking, setAsking] = useState(null);
  const [deactivating, setDeactivating] = useState(null);
  const [adding, setAdding] = useState(false);

  const forget = (id) => ({ [id]: _old, ...rest }) => rest;

  async function changeRole(person, role) {
    setSaving({ id: person.id, kind: 'role' });
    setSaved(null);
    setErrors(forget(person.id));
    try {
      const updated = await api.setUserRole(person.id, role);
      pages.replaceItem(updated);
      setSaved(`${updated.username} is now ${roleLabels[updated.role].toLowerCase()}.`);
      if (updated.id === user.id) await api.refreshMe();
    } catch (error) {
      setErrors((previous) => ({ ...previous, [person.id]: error.reason }));
    } finally {
      setSaving(null);
      setAsking(null);
    }
  }

  // Making or ending an admin waits for a yes; every other change applies at once.
  function pickRole(person, role) {
    if (changesAdmin(person.role, role)) setAsking({ person, role });
    else changeRole(person, role);
  }

  async function setActive(person, active) {
    setSaving({ id: person.id, kind: 'active' });
    setSaved(null);
    setActiveErrors(forget(person.id));
    try {
      const updated = await api.setUserActive(person.id, active);
      pages.replaceItem(updated);
      setSaved(updated.active ? `${updated.username} is active again.` : `${updated.username} is deactivated.`);
    } catch (error) {
      setActiveErrors((previous) => ({ ...previous, [person.id]: error.reason }));
    } finally {
      setSaving(null);
      setDeactivating(null);
    }
  }

  // Deactivating waits for a yes; reactivating applies at once.
  function toggleActive(person) {
    if (person.active) setDeactivating(person);
    else setActive(person, true);
  }

  function added(created, options) {
    setAdding(false);
    setSaved(userAddedMessage(created, options));
    pages.reload();
  }

  let content;
  if (pages.error) {
    content = <ErrorState title="Users could not be loaded" error={pages.error} onRetry={pages.reload} />;
  } else if (pages.loading && pages.items.length === 0) {
    content = <Loading label="Loading users…" />;
  } else if (pages.items.length === 0) {
    content = search
      ? (
        <EmptyState
          title={`No users match “${search}”`}
          action={(
            <button type="button" className="button" onClick={() => navigate(routes.users.href(), { replace: true })}>
              Show everyone
            </button>
          )}
        />
      )
      : <EmptyState title="No users yet" />;
  } else {
    content = (
      <>
        <div className={`card table-card${pages.loading ? ' is-stale' : ''}`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Active</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody ref={rows}>
              {pages.items.map((person) => (
                <tr key={person.id} tabIndex={-1} className={person.active ? undefined : 'is-inactive'}>
                  <td data-label="User">
                    <div className="person">
                      <span className={`avatar avatar--${person.active ? person.role : 'inactive'}`} aria-hidden="true">
                        {person.username.slice(0, 1).toUpperCase()}
                      </span>
                      <div>
                        <div className="person__name">
                          <span className={person.active ? undefined : 'muted'}>{person.username}</span>
                          {person.id === user.id && <span className="muted"> (you)</span>}
                          {!person.active && <> <span className="badge badge--inactive">Deactivated</span></>}
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
                  <td data-label="Active">
                    <ActiveControl
                      person={person}
                      disabled={savingId !== null}
                      busy={saving?.id === person.id && saving.kind === 'active'}
                      error={activeErrors[person.id]}
                      onToggle={toggleActive}
                    />
                  </td>
                  <td data-label="Joined"><TimeAgo iso={person.created_at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore pages={pages} list={rows} disabled={pages.loading} />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title="Users"
        subtitle="Everyone with an account, and what they may do."
        actions={!adding && (
          <button type="button" className="button button--primary" onClick={() => { setAdding(true); setSaved(null); }}>
            Add user
          </button>
        )}
      />
      {adding && <AddUserForm onAdded={added} onCancel={() => setAdding(false)} />}
      <UserSearch search={search} />
      {saved && <Alert tone="success">{saved}</Alert>}
      <div aria-busy={pages.loading}>{content}</div>
      {asking && (
        <AdminChangeDialog
          change={asking}
          self={asking.person.id === user.id}
          onConfirm={() => changeRole(asking.person, asking.role)}
          onCancel={() => setAsking(null)}
        />
      )}
      {deactivating && (
        <DeactivateDialog
          person={deactivating}
          self={deactivating.id === user.id}
          onConfirm={() => setActive(deactivating, false)}
          onCancel={() => setDeactivating(null)}
        />
      )}
    </div>
  );
}
