// Labelled form controls with their hint and the server's field error.
import { useId } from 'react';
import { sentence } from '../format.js';

function useFieldIds(error, hint) {
  const id = useId();
  const hintId = hint && !error ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

// `errorRole="alert"` announces an error that comes without a submit (a select that saves on change).
function FieldShell({ id, label, hint, hintId, error, errorId, errorRole, children, className = '' }) {
  return (
    <div className={`field ${error ? 'field--invalid' : ''} ${className}`.trim()}>
      <label className="field__label" htmlFor={id}>{label}</label>
      {children}
      {hint && !error && <p className="field__hint" id={hintId}>{hint}</p>}
      {error && <p className="field__error" id={errorId} role={errorRole}>{sentence(error)}</p>}
    </div>
  );
}

// `inputRef` is given the input (or textarea), e.g. for a shortcut that focuses it.
export function TextField({ label, error, hint, multiline = false, className, inputRef, ...props }) {
  const ids = useFieldIds(error, hint);
  const Control = multiline ? 'textarea' : 'input';
  return (
    <FieldShell label={label} error={error} hint={hint} className={className} id={ids.id} hintId={ids.hintId} errorId={ids.errorId}>
      <Control
        ref={inputRef}
        id={ids.id}
        className="input"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={ids.describedBy}
        {...props}
      />
    </FieldShell>
  );
}

export function SelectField({ label, error, errorRole, hint, options, className, ...props }) {
  const ids = useFieldIds(error, hint);
  return (
    <FieldShell
      label={label}
      error={error}
      errorRole={errorRole}
      hint={hint}
      className={className}
      id={ids.id}
      hintId={ids.hintId}
      errorId={ids.errorId}
    >
      <select
        id={ids.id}
        className="input select"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={ids.describedBy}
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </FieldShell>
  );
}
