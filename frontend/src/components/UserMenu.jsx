// The signed-in user's menu: who they are, their account page, sign out.
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.js';
import { Link, navigate, useLocation } from '../router.jsx';
import { routes } from '../routes.js';
import { RoleBadge } from './Badges.jsx';

export function UserMenu({ user }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef(null);
  const toggle = useRef(null);
  const { href } = useLocation();

  useEffect(() => setOpen(false), [href]);

  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (event) => {
      if (!container.current?.contains(event.target)) setOpen(false);
    };
    const onKeyDown = (event) => {
      if (event.key === 'Escape') {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  // api.signOut ends the local session at once and tells the server in the background.
  function signOut() {
    api.signOut();
    navigate(routes.login.href());
  }

  return (
    <div className="user-menu" ref={container}>
      <button
        type="button"
        ref={toggle}
        className="user-menu__toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">{user.username.slice(0, 1).toUpperCase()}</span>
        <span className="user-menu__name">{user.username}</span>
        <span className="visually-hidden">, account menu</span>
      </button>
      {open && (
        <div className="user-menu__panel" id={menuId}>
          <div className="user-menu__who">
            <strong>{user.username}</strong>
            <span className="muted">{user.email}</span>
            <RoleBadge role={user.role} />
          </div>
          <Link to={routes.account.href()} className="user-menu__item">Account &amp; password</Link>
          <button type="button" className="user-menu__item" onClick={signOut}>Sign out</button>
        </div>
      )}
    </div>
  );
}
