import { useState } from 'react';
import { api } from '../api.js';
import { AuthLayout } from '../components/AuthLayout.jsx';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { Alert, Spinner } from '../components/States.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { requireFields, useForm } from '../components/useForm.js';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

const required = requireFields({ email: 'Enter your email address.' });

// The server answers the same words whether or not the address has an account, so
// the page shows them as they come and says nothing of its own about the address.
export function ForgotPassword() {
  useDocumentTitle('Forgot password');
  const [sent, setSent] = useState(null);
  const form = useForm({ email: '' }, {
    validate: required,
    onSubmit: async ({ email }) => {
      setSent(null);
      const answer = await api.requestPasswordReset(email.trim());
      setSent(answer.status);
    },
  });

  const action = sent ? 'Send the link again' : 'Send reset link';

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter your email address and we will send you a link to choose a new one."
      footer={
        <>
          Remembered it? <Link to={routes.login.href()}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={form.submit} noValidate>
        {sent && <Alert tone="success">{sent}</Alert>}
        <FormError error={form.error} />
        <TextField label="Email" type="email" autoComplete="email" {...form.bind('email')} />
        <button type="submit" className="button button--primary button--block" disabled={form.busy}>
          {form.busy && <Spinner />} {form.busy ? 'Sending…' : action}
        </button>
      </form>
    </AuthLayout>
  );
}
