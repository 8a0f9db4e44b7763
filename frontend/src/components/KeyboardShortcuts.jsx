// The shortcuts that work on every page: "?" lists them all, "g" then "t" goes to
// the tickets. Views add their own (the list's "j"/"k", the ticket's "r"/"e").
import { Suspense, lazy, useState } from 'react';
import { navigate } from '../router.jsx';
import { routes } from '../routes.js';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.js';

// Loaded the first time someone asks for it.
const ShortcutHelp = lazy(() => import('./ShortcutHelp.jsx').then((module) => ({ default: module.ShortcutHelp })));

// Rendered for staff only (see policies.keyboardShortcuts).
export function KeyboardShortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);
  useKeyboardShortcuts({
    '?': () => setHelpOpen(true),
    'g t': () => navigate(routes.tickets.href()),
  });

  if (!helpOpen) return null;
  return (
    <Suspense fallback={null}>
      <ShortcutHelp onClose={() => setHelpOpen(false)} />
    </Suspense>
  );
}
