// Ticket counts per status and, for staff, where the tickets stand against their
// SLA; a count doubles as a quick filter. The counts are of every ticket the user
// may see, whatever the list below is filtered by, and say so.
import { useId } from 'react';
import { api } from '../api.js';
import { STATUSES, statusLabels } from '../format.js';
import { StatusChart } from './StatusChart.jsx';
import { useApi } from './useApi.js';
import { useDebounced } from './useDebounced.js';
import { useLiveEvents } from './useLiveEvents.js';

// A burst of changes (a bulk update, a replay after reconnecting) asks for the counts once.
const REFRESH_AFTER_MS = 1000;
const imageEvents = ['image.created', 'image.deleted'];

const slaCounts = [
  { value: 'breached', label: 'Breached' },
  { value: 'at_risk', label: 'At risk' },
];

function SlaSummary({ sla, activeSla, onSelectSla }) {
  return (
    <div className="stats__sla" role="group" aria-label="SLA counts">
      <span className="stats__sla-title">SLA</span>
      {slaCounts.map(({ value, label }) => (
        <button
          key={value}
          type="button"
          className={`stats__chip stats__chip--${value}`}
          aria-pressed={activeSla === value}
          onClick={() => onSelectSla(activeSla === value ? '' : value)}
        >
          {label} <strong>{sla[value]}</strong>
        </button>
      ))}
      <span className="stats__met">
        Met <strong>{sla.met_pct === null ? '–' : `${Math.round(sla.met_pct)} %`}</strong>
        <span className="visually-hidden"> of closed tickets</span>
      </span>
    </div>
  );
}

// `filtered`: the list is narrowed, so the note that these are totals is stressed.
export function StatsPanel({ title, filtered, activeStatus, onSelectStatus, activeSla, onSelectSla }) {
  const { data, error, reload } = useApi((signal) => api.stats({ signal }), []);
  const refresh = useDebounced(reload, REFRESH_AFTER_MS);
  useLiveEvents(({ type }) => {
    if (!imageEvents.includes(type)) refresh();
  });
  const titleId = useId();
  const counts = data?.by_status;
  const total = counts ? STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0) : null;

  return (
    <section className="stats card" aria-labelledby={titleId}>
      <h2 className="stats__title" id={titleId}>
        {title}{' '}
        <span className={`stats__scope${filtered ? ' is-filtered' : ''}`}>· Totals, not filtered</span>
      </h2>
      <div className="stats__tiles">
        {STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`stats__tile stats__tile--${status}`}
            aria-pressed={activeStatus === status}
            onClick={() => onSelectStatus(activeStatus === status ? '' : status)}
          >
            <span className="stats__label">
              <span className="stats__dot" aria-hidden="true" />
              {statusLabels[status]}
            </span>
            <span className="stats__count">{counts ? counts[status] ?? 0 : '–'}</span>
          </button>
        ))}
      </div>
      <div className="stats__summary">
        {error ? (
          <p className="stats__error">
            Counts unavailable.{' '}
            <button type="button" className="link-button" onClick={reload}>Retry</button>
          </p>
        ) : (
          counts && (
            <>
              <StatusChart counts={counts} />
              <p className="stats__total"><strong>{total}</strong> total</p>
            </>
          )
        )}
      </div>
      {data?.sla && <SlaSummary sla={data.sla} activeSla={activeSla} onSelectSla={onSelectSla} />}
    </section>
  );
}
