// Who may do what, mirroring the server's policy. The UI uses these to hide
// controls a role cannot use; the server still enforces every rule.

export const ROLES = ['customer', 'agent', 'admin'];

export function isStaff(user) {
  return user?.role === 'agent' || user?.role === 'admin';
}

export function isAdmin(user) {
  return user?.role === 'admin';
}

export function isTicketAuthor(user, ticket) {
  return Boolean(user && ticket && ticket.author_id === user.id);
}

// A role change that makes someone an admin or ends it; the web app asks before sending it.
export function changesAdmin(fromRole, toRole) {
  return (fromRole === 'admin') !== (toRole === 'admin');
}

export const policies = {
  seeInternalNotes: (user) => isStaff(user),
  writeInternalNotes: (user) => isStaff(user),
  filterByAssignee: (user) => isStaff(user),
  // status (any value), priority and assignee
  triageTicket: (user) => isStaff(user),
  listAssignees: (user) => isStaff(user),
  // the author may only move a ticket between open and closed
  closeOrReopenTicket: (user, ticket) => isStaff(user) || isTicketAuthor(user, ticket),
  editTicketText: (user, ticket) => isStaff(user) || isTicketAuthor(user, ticket),
  deleteTicket: (user) => isAdmin(user),
  addImages: (user, ticket) => isStaff(user) || isTicketAuthor(user, ticket),
  deleteImage: (user, ticket) => isStaff(user) || isTicketAuthor(user, ticket),
  manageUsers: (user) => isAdmin(user),
  // a ticket's history and SLA standing; the server refuses customers both
  seeHistory: (user) => isStaff(user),
  seeSla: (user) => isStaff(user),
  configureSla: (user) => isAdmin(user),
  readAuditLog: (user) => isAdmin(user),
  readEmailOutbox: (user) => isAdmin(user),
  // a web-app convenience, not a permission: the shortcuts are for working through the queue
  keyboardShortcuts: (user) => isStaff(user),

  // The ticket list's team tools; the server refuses customers each of them.
  filterByTag: (user) => isStaff(user),
  filterByCustomer: (user) => isStaff(user),
  bulkChangeTickets: (user) => isStaff(user),
  exportTickets: (user) => isStaff(user),

  // The ticket page's team tools; the server refuses customers all three. A merged ticket
  // is closed for good: it cannot be merged again.
  editTags: (user) => isStaff(user),
  seeCustomerTickets: (user) => isStaff(user),
  mergeTicket: (user, ticket) => isStaff(user) && !ticket?.merged_into_id,

  // Canned replies: staff use them; everyone manages their own private ones, admins the
  // shared ones too (and only admins share). Someone else's private reply never reaches the UI.
  useCannedReplies: (user) => isStaff(user),
  shareCannedReplies: (user) => isAdmin(user),
  editCannedReply: (user, reply) => isStaff(user) && (reply.shared ? isAdmin(user) : reply.owner_id === user.id),
};
