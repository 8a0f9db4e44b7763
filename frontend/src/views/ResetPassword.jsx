import { api } from '../api.js';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Alert, Spinner } from '../components/States.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { requireFields, useForm } from '../components/useForm.js';
import { flash } from '../flash.js';
import { Link, navigate } from '../router.jsx';
import { routes } from '../routes.js';

const empty = { password: '', confirm: '' };

function checkPasswords(values) {
  const problems = requireFields({ password: 'Choose a new password.' })(values);
  if (!problems.password && values.password !== values.confirm) {
    problems.confirm = 'The passwords do not match.';
  }
  return problems;
}

// A link that is used, expired or unknown (the server's 400) cannot be mended here: it needs a new one.
function LinkProblem({ reason }) {
  return (
    <Alert>
      {reason} <Link to={routes.forgotPassword.href()}>Ask for a new link</Link>.
    </Alert>
  );
}

// Opened from the link in a password-reset email (/reset-password?token=…). The server
// ends every other session of the user and answers with a new one, which api.js keeps.
export function ResetPassword({ query }) {
  useDocumentTitle('Reset password');
  const token = query.token ?? '';
  const form = useForm(empty, {
    validate: checkPasswords,
    onSubmit: async ({ password }) => {
      await api.resetPassword({ token, password });
      flash('Your password has been changed and you are signed in.');
      navigate(routes.tickets.href());
    },
  });

  let problem = null;
  if (!token) problem = <LinkProblem reason="This link is incomplete: copy the whole address from the email." />;
  else if (form.error?.status === 400) problem = <LinkProblem reason={form.error.reason} />;

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="Other browsers and devices will be signed out."
      footer={<Link to={routes.login.href()}>Back to sign in</Link>}
    >
      <form className="form" onSubmit={form.submit} noValidate>
        {problem ?? <FormError error={form.error} />}
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...form.bind('password')}
        />
        <TextField label="Repeat new password" type="password" autoComplete="new-password" {...form.bind('confirm')} />
        <button type="submit" className="button button--primary button--block" disabled={form.busy || !token}>
          {form.busy && <Spinner />} {form.busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthLayout>
  );
}
