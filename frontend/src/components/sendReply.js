// A reply, then, if asked, a new status for the ticket ("Send and close"). These
// are two requests. When the second fails the reply stands: the result carries
// the error instead of throwing, so nobody is led to send the reply again.
import { api } from '../api.js';

export async function sendReply(ticketId, comment, status) {
  const added = await api.addComment(ticketId, comment);
  if (!status) return { comment: added };
  try {
    return { comment: added, ticket: await api.updateTicket(ticketId, { status }) };
  } catch (statusError) {
    return { comment: added, statusError };
  }
}
