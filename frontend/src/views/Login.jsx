import { api } from '../api.js';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Spinner } from '../components/States.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { requireFields, useForm } from '../components/useForm.js';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

const required = requireFields({ email: 'Enter your email address.', password: 'Enter your password.' });

// After a successful login the router's guest rule sends the user on to redirectTo.
export function Login({ query }) {
  useDocumentTitle('Sign in');
  const form = useForm({ email: '', password: '' }, {
    validate: required,
    onSubmit: ({ email, password }) => api.login({ email: email.trim(), password }),
  });

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
      {query.redirectTo && !form.error && <p className="auth__notice">Please sign in to continue.</p>}
      <form className="form" onSubmit={form.submit} noValidate>
        <FormError error={form.error} />
        <TextField label="Email" type="email" autoComplete="email" {...form.bind('email')} />
        <TextField label="Password" type="password" autoComplete="current-password" {...form.bind('password')} />
        <button type="submit" className="button button--primary button--block" disabled={form.busy}>
          {form.busy && <Spinner />} {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="auth__forgot">
          <Link to={routes.forgotPassword.href()}>Forgot password?</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
