// What a ticket's SLA badge says, from `ticket.sla` (sent to agents and admins only).
import { relativeTime } from './format.js';

const passed = (iso, now) => Boolean(iso) && Date.parse(iso) <= now;

// The due time that was missed: an unanswered first response first, then the
// resolution; a first response that came late was missed when it fell due.
function missedAt(sla, now) {
  if (!sla.first_responded_at && passed(sla.first_response_due_at, now)) return sla.first_response_due_at;
  if (passed(sla.resolution_due_at, now)) return sla.resolution_due_at;
  if (sla.first_responded_at && sla.first_response_due_at
    && Date.parse(sla.first_responded_at) > Date.parse(sla.first_response_due_at)) {
    return sla.first_response_due_at;
  }
  return null;
}

// The soonest target still running: the first response until there is one, and the resolution.
function nextDue(sla) {
  const running = [sla.first_responded_at ? null : sla.first_response_due_at, sla.resolution_due_at].filter(Boolean);
  return running.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

// { tone, text, at } for the badge, or null when there is nothing to show.
// tone: ok | at_risk | breached | paused | met; `at` is the time the text counts from.
export function slaBadge(sla, now = Date.now()) {
  if (!sla || sla.state === 'none') return null;
  if (sla.state === 'breached') {
    const at = missedAt(sla, now);
    return { tone: 'breached', text: at ? `breached ${relativeTime(at, now)}` : 'breached', at };
  }
  if (sla.state === 'met') return { tone: 'met', text: 'met', at: null };
  if (sla.paused) return { tone: 'paused', text: 'waiting on customer', at: null };
  const due = nextDue(sla);
  if (!due) return null;
  return { tone: sla.state === 'at_risk' ? 'at_risk' : 'ok', text: `due ${relativeTime(due, now)}`, at: due };
}
