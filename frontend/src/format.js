// Labels and formatting shared by every view.

export const STATUSES = ['open', 'in_progress', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

export const statusLabels = { open: 'Open', in_progress: 'In progress', closed: 'Closed' };
export const priorityLabels = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
export const roleLabels = { customer: 'Customer', agent: 'Agent', admin: 'Admin' };

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// A span in the unit a person would say: 25 min, 3 h, 2 d.
function span(seconds) {
  const minutes = Math.max(1, Math.round(seconds / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  if (seconds < DAY) return `${Math.max(1, Math.floor(seconds / HOUR))} h`;
  return `${Math.floor(seconds / DAY)} d`;
}

// "in 2 h" for a time to come, "3 h ago" (or "just now") for one gone by.
export function relativeTime(iso, now = Date.now()) {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '';
  const seconds = Math.abs(ms) / 1000;
  if (ms > 0) return `in ${span(seconds)}`;
  return seconds < 45 ? 'just now' : `${span(seconds)} ago`;
}

// When something happened. A time slightly ahead of this clock is "just now";
// after a month the date says more than a count of days.
export function timeAgo(iso, now = Date.now()) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  if (now - at >= 30 * DAY * 1000) {
    return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  }
  return relativeTime(iso, Math.max(now, at));
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
