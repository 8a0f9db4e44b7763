// Ticket counts per status; a count doubles as a quick status filter.
import { api } from '../api.js';
import { STATUSES, statusLabels } from '../format.js';
import { StatusChart } from './StatusChart.jsx';
import { useApi } from './useApi.js';

export function StatsPanel({ activeStatus, onSelectStatus }) {
  const { data, error, reload } = useApi((signal) => api.stats({ signal }), []);
  const counts = data?.by_status;
  const total = counts ? STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0) : null;

  return (
    <section className="stats card" aria-label="Ticket counts">
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
    </section>
  );
}
