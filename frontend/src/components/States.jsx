// The loading, empty and error states every view uses.
import { Icon } from './Icon.jsx';

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

export function Loading({ label = 'Loading…' }) {
  return (
    <div className="state state--loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children, action, icon = 'inbox', heading: Heading = 'h2' }) {
  return (
    <div className="state state--empty">
      <Icon name={icon} className="state__icon" />
      <Heading className="state__title">{title}</Heading>
      {children && <p className="state__text">{children}</p>}
      {action && <div className="state__action">{action}</div>}
    </div>
  );
}

export function ErrorState({ error, title = 'This could not be loaded', onRetry }) {
  return (
    <div className="state state--error" role="alert">
      <Icon name="alert" className="state__icon" />
      <h2 className="state__title">{title}</h2>
      <p className="state__text">{error?.reason ?? error?.message ?? 'Something went wrong.'}</p>
      {onRetry && (
        <div className="state__action">
          <button type="button" className="button" onClick={onRetry}>Try again</button>
        </div>
      )}
    </div>
  );
}

export function Alert({ tone = 'error', children }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

// A message the reader closes. Put it inside a live region that stays on the page,
// so that it is announced when it appears.
export function DismissibleNotice({ children, onDismiss }) {
  return (
    <div className="alert alert--success notice">
      <span>{children}</span>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss">×</button>
    </div>
  );
}

export function PanelCrash({ title, reset }) {
  return (
    <div className="state state--error state--compact" role="alert">
      <p className="state__text">{title} could not be shown.</p>
      <button type="button" className="button button--small" onClick={reset}>Try again</button>
    </div>
  );
}
