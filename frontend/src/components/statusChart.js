// Loaded on demand by StatusChart.jsx; the only module that imports Chart.js.
import { ArcElement, Chart, DoughnutController, Tooltip } from 'chart.js';
import { STATUSES, statusLabels } from '../format.js';

Chart.register(DoughnutController, ArcElement, Tooltip);

function cssVariable(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function palette(values) {
  const empty = values.every((value) => value === 0);
  return {
    data: empty ? [1] : values,
    backgroundColor: empty ? [cssVariable('--border')] : STATUSES.map((status) => cssVariable(`--status-${status}`)),
    borderColor: cssVariable('--surface'),
  };
}

export function drawStatusChart(canvas, values) {
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const empty = values.every((value) => value === 0);
  const chart = new Chart(canvas, {
    type: 'doughnut',
    data: {
      labels: empty ? ['No tickets'] : STATUSES.map((status) => statusLabels[status]),
      datasets: [{ ...palette(values), borderWidth: 2, hoverOffset: 3 }],
    },
    options: {
      cutout: '66%',
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 500 },
      plugins: { legend: { display: false }, tooltip: { enabled: !empty } },
    },
  });

  const darkMode = window.matchMedia('(prefers-color-scheme: dark)');
  const recolor = () => {
    Object.assign(chart.data.datasets[0], palette(values));
    chart.update();
  };
  darkMode.addEventListener('change', recolor);
  return {
    destroy() {
      darkMode.removeEventListener('change', recolor);
      chart.destroy();
    },
  };
}
