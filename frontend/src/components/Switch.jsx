import { useId } from 'react';

/**
 * An on/off switch: a checkbox with the switch role, so screen readers say "on" and "off".
 * `describedBy` names the element that explains it or holds its error.
 */
export function Switch({ checked, onChange, label, describedBy, className = '' }) {
  const id = useId();
  return (
    <label className={`switch ${className}`.trim()} htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch__input"
        checked={checked}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="switch__track" aria-hidden="true" />
      <span>{label}</span>
    </label>
  );
}
