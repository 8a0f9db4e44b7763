// State of a simple form: values, the field errors (from `validate` or the
// server's 422), the server's error, busy. `bind(name)` gives a field its value,
// change handler and error message; `change(name, value)` sets a value that is
// not typed into one input (a list of rows). `submit(event, intent)` hands
// `intent` on to `onSubmit(values, intent)`, for forms with more than one action.
import { useState } from 'react';

export function useForm(initial, { validate = () => ({}), onSubmit }) {
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  // Editing a field answers its error, so the message goes until the next submit.
  function change(name, value) {
    setValues((previous) => ({ ...previous, [name]: value }));
    setFieldErrors((previous) => {
      if (!(name in previous)) return previous;
      const { [name]: _answered, ...rest } = previous;
      return rest;
    });
  }

  const bind = (name) => ({
    name,
    value: values[name],
    onChange: (event) => change(name, event.target.value),
    error: fieldErrors[name],
  });

  async function submit(event, intent) {
    event.preventDefault();
    const found = validate(values);
    setFieldErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values, intent);
    } catch (failure) {
      setError(failure);
      setFieldErrors(failure?.fields ?? {});
    } finally {
      setBusy(false);
    }
  }

  return { values, setValues, error, busy, bind, change, submit };
}

// A validate function that reports the named fields left empty.
export function requireFields(messages) {
  return (values) => Object.fromEntries(
    Object.entries(messages).filter(([name]) => !String(values[name] ?? '').trim()),
  );
}
