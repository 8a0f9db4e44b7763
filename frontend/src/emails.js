// What the admin's outbox page says about a message: its kind and status in words,
// the status filter read from the address, and which messages may be sent again.

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'];

export const emailStatusLabels = { pending: 'Pending', sent: 'Sent', failed: 'Failed' };

const kindLabels = {
  ticket_received: 'Request received',
  ticket_created: 'New ticket',
  staff_reply: 'Staff reply',
  customer_reply: 'Customer reply',
  internal_note: 'Internal note',
  assigned: 'Assigned',
  closed: 'Ticket closed',
  password_reset: 'Password reset',
};

// A kind this web app does not know yet still reads as words: "survey_request" is "Survey request".
export function emailKindLabel(kind) {
  if (kindLabels[kind]) return kindLabels[kind];
  const words = String(kind ?? '').replaceAll('_', ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unknown';
}

// The ?status= of the page's address; anything else means every message.
export function emailStatusFromQuery(query) {
  return EMAIL_STATUSES.includes(query.status) ? query.status : '';
}

// A sent message stays sent (the server answers 409); a pending one can be sent now.
export function canRetry(email) {
  return email.status === 'failed' || email.status === 'pending';
}
