import { EmptyState } from '../components/States.jsx';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { Link } from '../router.jsx';
import { routes } from '../routes.js';

export function NotFound({ forbidden = false, title, explanation }) {
  const heading = title ?? (forbidden ? 'You don’t have access to this page' : 'Page not found');
  useDocumentTitle(forbidden ? 'No access' : heading);
  return (
    <div className="page">
      <EmptyState
        icon={forbidden ? 'lock' : 'compass'}
        heading="h1"
        title={heading}
        action={<Link to={routes.tickets.href()} className="button">Back to tickets</Link>}
      >
        {explanation
          ?? (forbidden
            ? 'Ask an administrator if you think you should see it.'
            : 'The address may be mistyped, or the page no longer exists.')}
      </EmptyState>
    </div>
  );
}
