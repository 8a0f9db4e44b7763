import { formatDateTime, timeAgo } from '../format.js';
import { useClock } from './useClock.js';

export function TimeAgo({ iso }) {
  useClock();
  if (!iso) return null;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {timeAgo(iso)}
    </time>
  );
}
