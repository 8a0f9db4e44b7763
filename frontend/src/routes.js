// Every path of the app, spelled once. Views link with routes.x.href(params, query).
import { definePath } from './router.jsx';

export const routes = {
  home: definePath('/'),
  login: definePath('/login'),
  register: definePath('/register'),
  forgotPassword: definePath('/forgot-password'),
  resetPassword: definePath('/reset-password'),
  tickets: definePath('/tickets'),
  newTicket: definePath('/tickets/new'),
  ticket: definePath('/tickets/:id'),
  users: definePath('/users'),
  slaSettings: definePath('/admin/sla'),
  auditLog: definePath('/admin/audit'),
  emails: definePath('/admin/emails'),
  account: definePath('/account'),
  cannedReplies: definePath('/canned-replies'),
};
