import { useState } from 'react';
import { api } from '../api.jsx';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Spinner } from '../components/States.jsx';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

const required = {
  username: 'Choose a username.',
  email: 'Enter your email address.',
  password: 'Choose a password.',
};

export function Register({ query }) {
  const [values, setValues] = useState({ username: '', email: '', password: '' });
  const [missing, setMissing] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = { ...error?.fields, ...missing };
  const update = (name) => (event) => setValues({ ...values, [name]: event.target.value });

  async function submit(event) {
    event.preventDefault();
    const empty = Object.fromEntries(Object.entries(required).filter(([name]) => !values[name].trim()));
    setMissing(empty);
    if (Object.keys(empty).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.register({ username: values.username.trim(), email: values.email.trim(), password: values.password });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Open tickets and follow their progress."
      footer={
        <>
          Already have an account?{' '}
          <Link to={routes.login.href({}, { redirectTo: query.redirectTo })}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError error={error} />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          hint="3–32 letters, digits, dots, dashes or underscores."
          value={values.username}
          onChange={update('username')}
          error={fields.username}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={values.email}
          onChange={update('email')}
          error={fields.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={values.password}
          onChange={update('password')}
          error={fields.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy && <Spinner />} {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
