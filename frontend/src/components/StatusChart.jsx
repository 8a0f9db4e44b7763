// A small doughnut of tickets per status. Chart.js is fetched only when this
// renders, so it stays out of the first page's JavaScript.
import { useEffect, useRef, useState } from 'react';
import { STATUSES, statusLabels } from '../format.js';

export function StatusChart({ counts }) {
  const canvas = useRef(null);
  const [failed, setFailed] = useState(false);
  const values = STATUSES.map((status) => counts[status] ?? 0);

  useEffect(() => {
    let chart = null;
    let cancelled = false;
    import('./statusChart.js').then(
      ({ drawStatusChart }) => {
        if (!cancelled && canvas.current) chart = drawStatusChart(canvas.current, values);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, values);

  if (failed) return null;
  const description = STATUSES.map((status, index) => `${statusLabels[status]} ${values[index]}`).join(', ');
  return (
    <div className="stats__chart">
      <canvas ref={canvas} role="img" aria-label={`Tickets by status: ${description}`} />
    </div>
  );
}
