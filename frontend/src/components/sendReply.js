// A reply, then its screenshots, then, if asked, a new status for the ticket ("Send
// and close"). These are separate requests. Once the reply is saved it stands: a
// screenshot that fails is the business of `attach`, and a failed status change is
// returned instead of thrown, so nobody is led to send the reply again.
import { api } from '../api.js';

// `attach(commentId)` uploads the reply's screenshots, naming the new comment; it
// must not throw (each file keeps its own outcome).
export async function sendReply(ticketId, comment, status, attach) {
  const added = await api.addComment(ticketId, comment);
  if (attach) await attach(added.id);
  if (!status) return { comment: added };
  try {
    return { comment: added, ticket: await api.updateTicket(ticketId, { status }) };
  } catch (statusError) {
    return { comment: added, statusError };
  }
}
