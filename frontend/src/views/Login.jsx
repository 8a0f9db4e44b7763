import { useState } from 'react';
import { api } from '../api.jsx';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Spinner } from '../components/States.jsx';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

// After a successful login the router's guest rule sends the user on to redirectTo.
export function Login({ query }) {
  const [values, setValues] = useState({ email: '', password: '' });
  const [missing, setMissing] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = { ...error?.fields, ...missing };
  const update = (name) => (event) => setValues({ ...values, [name]: event.target.value });

  async function submit(event) {
    event.preventDefault();
    const empty = {};
    if (!values.email.trim()) empty.email = 'Enter your email address.';
    if (!values.password) empty.password = 'Enter your password.';
    setMissing(empty);
    if (Object.keys(empty).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.login({ email: values.email.trim(), password: values.password });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back to Helpdesk."
      footer={
        <>
          Don&apos;t have an account?{' '}
          <Link to={routes.register.href({}, { redirectTo: query.redirectTo })}>Register</Link>
        </>
      }
    >
      {query.redirectTo && !error && <p className="auth__notice">Please sign in to continue.</p>}
      <form className="form" onSubmit={submit} noValidate>
        <FormError error={error} />
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
          autoComplete="current-password"
          value={values.password}
          onChange={update('password')}
          error={fields.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy && <Spinner />} {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
