// Labels and formatting shared by every view.

export const STATUSES = ['open', 'in_progress', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

export const statusLabels = { open: 'Open', in_progress: 'In progress', closed: 'Closed' };
export const priorityLabels = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
export const roleLabels = { customer: 'Customer', agent: 'Agent', admin: 'Admin' };

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function timeAgo(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return '';
  if (seconds < 45) return 'just now';
  if (seconds < HOUR) return `${Math.max(1, Math.round(seconds / MINUTE))} min ago`;
  if (seconds < DAY) return `${Math.floor(seconds / HOUR)} h ago`;
  if (seconds < 30 * DAY) return `${Math.floor(seconds / DAY)} d ago`;
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const KiB = 1024;
const MiB = 1024 * KiB;

// Sizes count in 1024s, like the server's limits, so they are named KiB and MiB.
export function formatBytes(bytes) {
  if (bytes < KiB) return `${bytes} B`;
  if (bytes < MiB) return `${Math.round(bytes / KiB)} KiB`;
  return formatMiB(bytes);
}

// Every size in an error is in MiB, the unit of the server's image limit. Rounded
// up, so a file just over the limit never reads as equal to it.
export function formatMiB(bytes) {
  return `${Math.ceil((bytes / MiB) * 10) / 10} MiB`;
}

// The server's field messages are fragments ("must be 8-72 bytes long").
export function sentence(text) {
  const trimmed = String(text).trim();
  if (!trimmed) return trimmed;
  const capitalized = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
