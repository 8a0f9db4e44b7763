import { formatDateTime, timeAgo } from '../format.js';

export function TimeAgo({ iso }) {
  if (!iso) return null;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {timeAgo(iso)}
    </time>
  );
}
