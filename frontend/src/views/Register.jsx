import { api } from '../api.js';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Spinner } from '../components/States.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { requireFields, useForm } from '../components/useForm.js';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

const required = requireFields({
  username: 'Choose a username.',
  email: 'Enter your email address.',
  password: 'Choose a password.',
});

// The server checks the format of every field; its messages appear next to them.
export function Register({ query }) {
  useDocumentTitle('Create account');
  const form = useForm({ username: '', email: '', password: '' }, {
    validate: required,
    onSubmit: ({ username, email, password }) =>
      api.register({ username: username.trim(), email: email.trim(), password }),
  });

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
      <form className="form" onSubmit={form.submit} noValidate>
        <FormError error={form.error} />
        <TextField
          label="Username"
          autoComplete="username"
          hint="3–32 letters, digits, dots, dashes or underscores."
          {...form.bind('username')}
        />
        <TextField label="Email" type="email" autoComplete="email" {...form.bind('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...form.bind('password')}
        />
        <button type="submit" className="button button--primary button--block" disabled={form.busy}>
          {form.busy && <Spinner />} {form.busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
