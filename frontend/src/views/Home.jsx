import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { Link, Redirect } from '../router.jsx';
import { routes } from '../routes.js';

const features = [
  { title: 'One place for every request', text: 'Describe the problem, attach screenshots and follow every reply.' },
  { title: 'Agents see the full picture', text: 'Status, priority, assignee and internal notes in one view.' },
  { title: 'Always know where things stand', text: 'Open, in progress or closed — at a glance.' },
];

export function Home({ user }) {
  useDocumentTitle('');
  if (user) return <Redirect to={routes.tickets.href()} />;
  return (
    <div className="home">
      <section className="home__hero">
        <h1 className="home__title">Support that keeps up with you</h1>
        <p className="home__lead">
          Helpdesk is an open-source ticket system for teams that answer customers.
        </p>
        <div className="home__actions">
          <Link to={routes.register.href()} className="button button--primary button--large">Create an account</Link>
          <Link to={routes.login.href()} className="button button--large">Sign in</Link>
        </div>
      </section>
      <ul className="home__features">
        {features.map((feature) => (
          <li key={feature.title} className="card home__feature">
            <h2>{feature.title}</h2>
            <p>{feature.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
