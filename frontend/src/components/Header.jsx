import { policies } from '../policies.js';
import { Link, NavLink } from '../router.jsx';
import { routes } from '../routes.js';
import { useSession } from '../session.js';
import { Logo } from './Logo.jsx';
import { UserMenu } from './UserMenu.jsx';

export function Header() {
  const { user } = useSession();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={user ? routes.tickets.href() : routes.home.href()} className="brand">
          <Logo />
          <span>Helpdesk</span>
        </Link>
        {user && (
          <nav className="site-nav" aria-label="Main">
            <NavLink to={routes.tickets.href()} section className="site-nav__link">Tickets</NavLink>
            {policies.useCannedReplies(user) && (
              <NavLink to={routes.cannedReplies.href()} className="site-nav__link">Canned replies</NavLink>
            )}
            {policies.manageUsers(user) && (
              <NavLink to={routes.users.href()} className="site-nav__link">Users</NavLink>
            )}
            {policies.configureSla(user) && (
              <NavLink to={routes.slaSettings.href()} className="site-nav__link">SLA</NavLink>
            )}
            {policies.readAuditLog(user) && (
              <NavLink to={routes.auditLog.href()} className="site-nav__link">Audit log</NavLink>
            )}
            {policies.readEmailOutbox(user) && (
              <NavLink to={routes.emails.href()} className="site-nav__link">Emails</NavLink>
            )}
          </nav>
        )}
        <div className="site-header__end">
          {user ? (
            <>
              <Link to={routes.newTicket.href()} className="button button--primary button--small">
                <span aria-hidden="true">+</span> New ticket
              </Link>
              <UserMenu user={user} />
            </>
          ) : (
            <>
              <NavLink to={routes.login.href()} className="site-nav__link">Sign in</NavLink>
              <Link to={routes.register.href()} className="button button--small">Create account</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
