import { priorityLabels, roleLabels, statusLabels } from '../format.js';

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
