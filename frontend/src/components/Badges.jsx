import { formatDateTime, priorityLabels, roleLabels, statusLabels } from '../format.js';
import { slaBadge } from '../sla.js';

export function StatusBadge({ status }) {
  return <span className={`badge badge--status-${status}`}>{statusLabels[status] ?? status}</span>;
}

export function PriorityBadge({ priority }) {
  return (
    <span className={`badge badge--priority-${priority}`}>
      <span className="badge__dot" aria-hidden="true" />
      {priorityLabels[priority] ?? priority}
      <span className="visually-hidden"> priority</span>
    </span>
  );
}

export function RoleBadge({ role }) {
  return <span className={`badge badge--role-${role}`}>{roleLabels[role] ?? role}</span>;
}

// Where the ticket stands against its SLA; nothing when it has no target.
export function DueBadge({ sla }) {
  const badge = slaBadge(sla);
  if (!badge) return null;
  return (
    <span className={`badge badge--sla badge--sla-${badge.tone}`} title={badge.at ? formatDateTime(badge.at) : undefined}>
      <span className="visually-hidden">SLA: </span>
      {badge.text}
    </span>
  );
}
