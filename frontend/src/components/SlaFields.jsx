// The parts of the SLA form that are lists or tables: a weekday's business
// hours, the holidays, and the targets per priority. Each shows its own field error.
import { useId } from 'react';
import { sentence } from '../format.js';
import {
  TARGET_KINDS, TARGET_PRIORITIES, describeMinutes, newHoliday, newInterval, targetKey,
} from './slaForm.js';

function FieldError({ id, error }) {
  if (!error) return null;
  return <p className="field__error" id={id}>{sentence(error)}</p>;
}

const invalid = (error) => (error ? 'true' : undefined);

export function BusinessHoursDay({ label, intervals, error, onChange }) {
  const id = useId();
  const errorId = `${id}-error`;
  const update = (key, changes) => onChange(intervals.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  const timeProps = (row, index, end) => ({
    className: 'input input--time',
    inputMode: 'numeric',
    maxLength: 5,
    placeholder: end === 'from' ? '09:00' : '17:00',
    value: row[end],
    'aria-label': `${label} hours ${index + 1} ${end}`,
    'aria-invalid': invalid(error),
    'aria-describedby': error ? errorId : undefined,
    onChange: (event) => update(row.key, { [end]: event.target.value }),
  });

  return (
    <div className={`hours-day${error ? ' field--invalid' : ''}`} role="group" aria-labelledby={`${id}-label`}>
      <span className="hours-day__name" id={`${id}-label`}>{label}</span>
      <div className="hours-day__intervals">
        {intervals.length === 0 && <span className="muted">Closed</span>}
        {intervals.map((row, index) => (
          <div key={row.key} className="hours-day__interval">
            <input {...timeProps(row, index, 'from')} />
            <span aria-hidden="true">–</span>
            <input {...timeProps(row, index, 'to')} />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${label} hours ${index + 1}`}
              onClick={() => onChange(intervals.filter((other) => other.key !== row.key))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link-button hours-day__add" onClick={() => onChange([...intervals, newInterval()])}>
          Add hours<span className="visually-hidden"> on {label}</span>
        </button>
        <FieldError id={errorId} error={error} />
      </div>
    </div>
  );
}

export function HolidaysField({ holidays, error, onChange }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="holidays">
      {holidays.length === 0 && <p className="muted">No holidays: every weekday above counts.</p>}
      {holidays.length > 0 && (
        <ul className="holidays__list">
          {holidays.map((row, index) => (
            <li key={row.key} className="holidays__item">
              <input
                type="date"
                className="input"
                aria-label={`Holiday ${index + 1}`}
                aria-invalid={invalid(error)}
                aria-describedby={error ? errorId : undefined}
                value={row.date}
                onChange={(event) => onChange(holidays.map((other) => (
                  other.key === row.key ? { ...other, date: event.target.value } : other)))}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove holiday ${index + 1}`}
                onClick={() => onChange(holidays.filter((other) => other.key !== row.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <FieldError id={errorId} error={error} />
      <button type="button" className="button button--small holidays__add" onClick={() => onChange([...holidays, newHoliday()])}>
        Add holiday
      </button>
    </div>
  );
}

function MinutesInput({ label, field }) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <td data-label={label}>
      <input
        className="input input--minutes"
        inputMode="numeric"
        aria-invalid={invalid(field.error)}
        aria-describedby={noteId}
        value={field.value}
        onChange={field.onChange}
        aria-label={field.ariaLabel}
      />
      {field.error
        ? <p className="field__error" id={noteId}>{sentence(field.error)}</p>
        : <p className="field__hint" id={noteId}>{describeMinutes(field.value)}</p>}
    </td>
  );
}

// `bind(name)` is the form's binding of one target (see useForm).
export function TargetsTable({ bind }) {
  return (
    <table className="table targets">
      <thead>
        <tr>
          <th scope="col">Priority</th>
          {TARGET_KINDS.map(({ kind, label }) => <th key={kind} scope="col">{label} (minutes)</th>)}
        </tr>
      </thead>
      <tbody>
        {TARGET_PRIORITIES.map(({ priority, label }) => (
          <tr key={priority}>
            <th scope="row">{label}</th>
            {TARGET_KINDS.map(({ kind, label: kindLabel }) => (
              <MinutesInput
                key={kind}
                label={kindLabel}
                field={{ ...bind(targetKey(priority, kind)), ariaLabel: `${label} ${kindLabel.toLowerCase()} minutes` }}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
