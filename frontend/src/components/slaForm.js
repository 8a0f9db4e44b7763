// The SLA configuration as the admin page edits it, and back. Form values are
// flat and named like the server's field errors (`business_hours.mon`,
// `targets.high.first_response_minutes`), so each 422 message lands beside its control.
import { PRIORITIES, priorityLabels } from '../format.js';

export const WEEKDAYS = [
  { day: 'mon', label: 'Monday' },
  { day: 'tue', label: 'Tuesday' },
  { day: 'wed', label: 'Wednesday' },
  { day: 'thu', label: 'Thursday' },
  { day: 'fri', label: 'Friday' },
  { day: 'sat', label: 'Saturday' },
  { day: 'sun', label: 'Sunday' },
];

export const TARGET_KINDS = [
  { kind: 'first_response_minutes', label: 'First response' },
  { kind: 'resolution_minutes', label: 'Resolution' },
];

// Most urgent first, as people read a target table.
export const TARGET_PRIORITIES = [...PRIORITIES].reverse().map((priority) => ({ priority, label: priorityLabels[priority] }));

const COMMON_ZONES = [
  'UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Madrid', 'Europe/Paris', 'Europe/Amsterdam',
  'Europe/Berlin', 'Europe/Zurich', 'Europe/Rome', 'Europe/Stockholm', 'Europe/Warsaw', 'Europe/Athens',
  'Europe/Helsinki', 'Europe/Istanbul', 'Europe/Moscow', 'Africa/Cairo', 'Africa/Lagos', 'Africa/Johannesburg',
  'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Seoul',
  'Australia/Perth', 'Australia/Sydney', 'Pacific/Auckland', 'America/Sao_Paulo', 'America/Buenos_Aires',
  'America/New_York', 'America/Toronto', 'America/Chicago', 'America/Mexico_City', 'America/Denver',
  'America/Los_Angeles', 'Pacific/Honolulu',
];

// The common zones, with this browser's own first when it is not among them.
export function timezoneChoices() {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return own && !COMMON_ZONES.includes(own) ? [own, ...COMMON_ZONES] : COMMON_ZONES;
}

export const hoursKey = (day) => `business_hours.${day}`;
export const targetKey = (priority, kind) => `targets.${priority}.${kind}`;

// Rows of the lists get a key of their own, so removing one keeps the others' inputs in place.
let lastKey = 0;
const withKey = (row) => {
  lastKey += 1;
  return { key: lastKey, ...row };
};
export const newInterval = () => withKey({ from: '09:00', to: '17:00' });
export const newHoliday = () => withKey({ date: '' });

export function toForm(config) {
  const values = {
    timezone: config.timezone ?? '',
    holidays: (config.holidays ?? []).map((date) => withKey({ date })),
  };
  for (const { day } of WEEKDAYS) {
    values[hoursKey(day)] = (config.business_hours?.[day] ?? []).map(([from, to]) => withKey({ from, to }));
  }
  for (const { priority } of TARGET_PRIORITIES) {
    for (const { kind } of TARGET_KINDS) {
      const minutes = config.targets?.[priority]?.[kind];
      values[targetKey(priority, kind)] = minutes === null || minutes === undefined ? '' : String(minutes);
    }
  }
  return values;
}

// A blank target is no target (null). Blank holiday rows are left out.
export function toConfig(values) {
  const minutes = (text) => (String(text).trim() === '' ? null : Number(text));
  return {
    timezone: values.timezone.trim(),
    business_hours: Object.fromEntries(WEEKDAYS.map(({ day }) => [
      day,
      values[hoursKey(day)].map(({ from, to }) => [from.trim(), to.trim()]),
    ])),
    holidays: values.holidays.map(({ date }) => date).filter(Boolean),
    targets: Object.fromEntries(TARGET_PRIORITIES.map(({ priority }) => [
      priority,
      Object.fromEntries(TARGET_KINDS.map(({ kind }) => [kind, minutes(values[targetKey(priority, kind)])])),
    ])),
  };
}

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const WHOLE_MINUTES = /^[1-9][0-9]*$/;

// Only what can be checked without the server: the shape of each value. Whether
// intervals start before they end or overlap, and whether a zone exists, the server says.
export function checkSla(values) {
  const problems = {};
  if (!values.timezone.trim()) problems.timezone = 'Enter a time zone, e.g. Europe/Berlin.';
  for (const { day } of WEEKDAYS) {
    const intervals = values[hoursKey(day)];
    if (intervals.some(({ from, to }) => !CLOCK.test(from.trim()) || !CLOCK.test(to.trim()))) {
      problems[hoursKey(day)] = 'Write times as HH:MM, from 00:00 to 24:00.';
    }
  }
  for (const { priority } of TARGET_PRIORITIES) {
    for (const { kind } of TARGET_KINDS) {
      const text = String(values[targetKey(priority, kind)]).trim();
      if (text && !WHOLE_MINUTES.test(text)) {
        problems[targetKey(priority, kind)] = 'A whole number of minutes, or blank for no target.';
      }
    }
  }
  return problems;
}

// "90" → "1 h 30 min of business time", as a hint under a target.
export function describeMinutes(text) {
  const value = String(text).trim();
  if (!value) return 'No target';
  if (!WHOLE_MINUTES.test(value)) return '';
  const minutes = Number(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean);
  return `${parts.join(' ')} of business time`;
}
