// State of a simple form: values, what is missing, the server's error, busy.
// `bind(name)` gives a field its value, change handler and error message.
import { useState } from 'react';

export function useForm(initial, { validate = () => ({}), onSubmit }) {
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = { ...error?.fields, ...problems };

  const bind = (name) => ({
    name,
    value: values[name],
    onChange: (event) => setValues((previous) => ({ ...previous, [name]: event.target.value })),
    error: fields[name],
  });

  async function submit(event) {
    event.preventDefault();
    const found = validate(values);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return { values, setValues, error, busy, bind, submit };
}

// A validate function that reports the named fields left empty.
export function requireFields(messages) {
  return (values) => Object.fromEntries(
    Object.entries(messages).filter(([name]) => !String(values[name] ?? '').trim()),
  );
}
