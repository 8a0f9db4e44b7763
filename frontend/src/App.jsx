import { Suspense, lazy, useEffect, useRef } from 'react';
import { api } from './api.js';
import { ErrorBoundary } from './components/ErrorBoundary.jsx';
import { Header } from './components/Header.jsx';
import { KeyboardShortcuts } from './components/KeyboardShortcuts.jsx';
import { LiveStatus } from './components/LiveStatus.jsx';
import { ErrorState, Loading } from './components/States.jsx';
import { useLiveConnection } from './components/useLiveEvents.js';
import { policies } from './policies.js';
import { Redirect, resolveRoute, safeRedirect, useLocation } from './router.jsx';
import { routes } from './routes.js';
import { useSession } from './session.js';
import { Home } from './views/Home.jsx';
import { Login } from './views/Login.jsx';
import { NotFound } from './views/NotFound.jsx';
import { Register } from './views/Register.jsx';
import { Tickets } from './views/Tickets.jsx';

// Pages most visits never open load on demand, keeping the first page's bundle small.
const Account = lazyView(() => import('./views/Account.jsx'), 'Account');
const CannedReplies = lazyView(() => import('./views/CannedReplies.jsx'), 'CannedReplies');
const AuditLog = lazyView(() => import('./views/AuditLog.jsx'), 'AuditLog');
const Emails = lazyView(() => import('./views/Emails.jsx'), 'Emails');
const ForgotPassword = lazyView(() => import('./views/ForgotPassword.jsx'), 'ForgotPassword');
const NewTicket = lazyView(() => import('./views/NewTicket.jsx'), 'NewTicket');
const ResetPassword = lazyView(() => import('./views/ResetPassword.jsx'), 'ResetPassword');
const SlaSettings = lazyView(() => import('./views/SlaSettings.jsx'), 'SlaSettings');
const TicketDetail = lazyView(() => import('./views/TicketDetail.jsx'), 'TicketDetail');
const Users = lazyView(() => import('./views/Users.jsx'), 'Users');

function lazyView(load, name) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

// access: 'anyone' | 'guest' (signed-out only) | 'user' (signed-in); `allow` narrows by role.
const table = [
  { route: routes.home, view: Home, access: 'anyone' },
  { route: routes.login, view: Login, access: 'guest' },
  { route: routes.register, view: Register, access: 'guest' },
  // Signed in or not: a reset link opened where someone else is signed in signs in as its own user.
  { route: routes.forgotPassword, view: ForgotPassword, access: 'anyone' },
  { route: routes.resetPassword, view: ResetPassword, access: 'anyone' },
  { route: routes.tickets, view: Tickets, access: 'user' },
  { route: routes.newTicket, view: NewTicket, access: 'user' },
  { route: routes.ticket, view: TicketDetail, access: 'user' },
  { route: routes.users, view: Users, access: 'user', allow: policies.manageUsers },
  { route: routes.slaSettings, view: SlaSettings, access: 'user', allow: policies.configureSla },
  { route: routes.auditLog, view: AuditLog, access: 'user', allow: policies.readAuditLog },
  { route: routes.emails, view: Emails, access: 'user', allow: policies.readEmailOutbox },
  { route: routes.account, view: Account, access: 'user' },
  { route: routes.cannedReplies, view: CannedReplies, access: 'user', allow: policies.useCannedReplies },
];

// What a location shows for a session: a view, a redirect, or why not.
export function pageFor(location, session) {
  const match = resolveRoute(table, location.pathname);
  if (!match) return { notFound: true };
  const { entry, params } = match;
  if (entry.access === 'guest' && session.token) {
    return { redirect: safeRedirect(location.query.redirectTo, routes.tickets.href()) };
  }
  if (entry.access === 'user') {
    if (!session.token) return { redirect: routes.login.href({}, { redirectTo: location.href }) };
    if (!session.user) return { pending: true };
    if (entry.allow && !entry.allow(session.user)) return { forbidden: true };
  }
  return { view: entry.view, params };
}

function Page({ location, session }) {
  const page = pageFor(location, session);
  if (page.redirect) return <Redirect to={page.redirect} />;
  if (page.pending) return <Loading label="Signing you in…" />;
  if (page.notFound || page.forbidden) return <NotFound forbidden={page.forbidden} />;
  const View = page.view;
  return (
    <Suspense fallback={<Loading />}>
      <View params={page.params} query={location.query} user={session.user} />
    </Suspense>
  );
}

function PageCrash({ error, reset }) {
  return <ErrorState title="This page ran into a problem" error={error} onRetry={reset} />;
}

export function App() {
  const location = useLocation();
  const session = useSession();
  const main = useRef(null);
  const firstPath = useRef(location.pathname);
  const live = useLiveConnection(session.token);

  // Refresh the cached user once per load; a stale token ends in a 401 and a sign-out.
  useEffect(() => {
    if (session.token) api.refreshMe().catch(() => {});
  }, []);

  // After navigating, keyboard and screen-reader users continue from the new page.
  useEffect(() => {
    if (location.pathname !== firstPath.current) {
      firstPath.current = null;
      main.current?.focus({ preventScroll: true });
    }
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <Header />
      {policies.keyboardShortcuts(session.user) && <KeyboardShortcuts />}
      <main id="main" className="site-main" tabIndex={-1} ref={main}>
        <ErrorBoundary resetKey={location.pathname} fallback={PageCrash}>
          <Page location={location} session={session} />
        </ErrorBoundary>
      </main>
      {session.token && <LiveStatus state={live} />}
    </>
  );
}
