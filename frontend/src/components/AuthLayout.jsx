import { Logo } from './Logo.jsx';

export function AuthLayout({ title, subtitle, children, footer }) {
  return (
    <div className="auth">
      <section className="auth__card card" aria-labelledby="auth-title">
        <div className="auth__logo"><Logo /></div>
        <h1 id="auth-title" className="auth__title">{title}</h1>
        {subtitle && <p className="auth__subtitle">{subtitle}</p>}
        {children}
      </section>
      {footer && <p className="auth__footer">{footer}</p>}
    </div>
  );
}
