// The banner on a ticket that was merged into another: its conversation goes on there.
// Customers see it too, as they see the public note the merge left.
import { routes } from '../routes.js';
import { Link } from '../router.jsx';

export function MergedNotice({ ticket }) {
  if (!ticket.merged_into_id) return null;
  const target = ticket.merged_into_id;
  return (
    <div className="alert alert--warning merged-notice" role="note">
      This ticket was merged into <Link to={routes.ticket.href({ id: target })}>#{target}</Link>.
      {' '}Its conversation continues there.
    </div>
  );
}
