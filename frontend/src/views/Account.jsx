import { useId, useState } from 'react';
import { api } from '../api.js';
import { RoleBadge } from '../components/Badges.jsx';
import { ConfirmButton } from '../components/ConfirmButton.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { Alert, Spinner } from '../components/States.jsx';
import { Switch } from '../components/Switch.jsx';
import { TimeAgo } from '../components/TimeAgo.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { requireFields, useForm } from '../components/useForm.js';
import { useTransientMessage } from '../components/useTransientMessage.js';
import { navigate } from '../router.jsx';
import { routes } from '../routes.js';

const empty = { current_password: '', new_password: '', confirm: '' };

function checkPasswords(values) {
  const problems = requireFields({
    current_password: 'Enter your current password.',
    new_password: 'Choose a new password.',
  })(values);
  if (!problems.new_password && values.new_password !== values.confirm) {
    problems.confirm = 'The passwords do not match.';
  }
  return problems;
}

// Saves on every flip. While the server answers, the switch shows the value asked for
// and further flips wait; a refusal puts it back and stays next to it.
function EmailNotifications({ user }) {
  const hintId = useId();
  const errorId = useId();
  const [asked, setAsked] = useState(null);
  const [error, setError] = useState(null);
  const [confirmation, confirm] = useTransientMessage();
  // Users cached before the setting existed have it on, as the server's default is.
  const enabled = asked ?? user.email_notifications !== false;

  async function change(next) {
    if (asked !== null) return;
    setAsked(next);
    setError(null);
    confirm('');
    try {
      const updated = await api.updateMe({ email_notifications: next });
      confirm(updated.email_notifications ? 'Email notifications are on.' : 'Email notifications are off.');
    } catch (failure) {
      setError(failure);
    } finally {
      setAsked(null);
    }
  }

  return (
    <section className="card card--padded" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="section-title">Notifications</h2>
      <Switch
        checked={enabled}
        onChange={change}
        label="Email notifications"
        describedBy={error ? `${hintId} ${errorId}` : hintId}
      />
      <p className="muted section-note" id={hintId}>
        Mail when something happens on your tickets, such as a new reply. Password-reset links
        are always sent.
      </p>
      {error && <p className="field__error" id={errorId} role="alert">{error.reason}</p>}
      <p className="confirmation live-region" role="status">{confirmation}</p>
    </section>
  );
}

// The server answers with a new token (old ones stop working); api.js stores it.
function ChangePassword() {
  const [done, setDone] = useState(false);
  const form = useForm(empty, {
    validate: checkPasswords,
    onSubmit: async ({ current_password, new_password }) => {
      setDone(false);
      await api.changePassword({ current_password, new_password });
      form.setValues(empty);
      setDone(true);
    },
  });

  return (
    <section className="card card--padded" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">Change password</h2>
      <form className="form" onSubmit={form.submit} noValidate>
        {done && <Alert tone="success">Password changed. Other devices have been signed out.</Alert>}
        <FormError error={form.error} />
        <TextField label="Current password" type="password" autoComplete="current-password" {...form.bind('current_password')} />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...form.bind('new_password')}
        />
        <TextField label="Repeat new password" type="password" autoComplete="new-password" {...form.bind('confirm')} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {form.busy && <Spinner />} Change password
          </button>
        </div>
      </form>
    </section>
  );
}

// For a lost phone or a shared computer: every token of the user stops working.
function SignOutEverywhere() {
  async function signOutEverywhere() {
    await api.signOutEverywhere();
    navigate(routes.login.href());
  }

  return (
    <section className="card card--padded" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="section-title">Sessions</h2>
      <p className="muted section-text">
        Signs you out of every browser and device where you are signed in, this one included.
      </p>
      <ConfirmButton
        question="Sign out of every browser and device?"
        confirmLabel="Sign out everywhere"
        onConfirm={signOutEverywhere}
      >
        Sign out everywhere
      </ConfirmButton>
    </section>
  );
}

export function Account({ user }) {
  useDocumentTitle('Account');
  return (
    <div className="page page--narrow">
      <PageHeader title="Account" />
      <section className="card card--padded profile" aria-label="Profile">
        <span className={`avatar avatar--large avatar--${user.role}`} aria-hidden="true">
          {user.username.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <p className="profile__name">{user.username} <RoleBadge role={user.role} /></p>
          <p className="muted">{user.email}</p>
          {user.created_at && <p className="muted">Joined <TimeAgo iso={user.created_at} /></p>}
        </div>
      </section>
      <EmailNotifications user={user} />
      <ChangePassword />
      <SignOutEverywhere />
    </div>
  );
}
