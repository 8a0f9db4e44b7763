// Merging a ticket into another of the same customer: which ticket the agent means, and
// whether the server will take it (the same rules as POST /api/tickets/{id}/merge).
import { otherTickets } from './customerTickets.js';

// The ticket number typed in the merge dialog: "301" or "#301"; null when it is not one.
export function parseTicketNumber(text) {
  const match = /^#?\s*([1-9]\d{0,14})$/.exec(String(text ?? '').trim());
  return match ? Number(match[1]) : null;
}

// Why `source` cannot be merged into `target`, in plain words, or null when it can.
export function mergeProblem(source, target) {
  if (source.merged_into_id) return `This ticket was already merged into #${source.merged_into_id}.`;
  if (target.id === source.id) return 'A ticket cannot be merged into itself.';
  if (target.merged_into_id) {
    return `#${target.id} was itself merged into #${target.merged_into_id}. Merge into #${target.merged_into_id} instead.`;
  }
  if (target.author_id !== source.author_id) {
    return `#${target.id} is from ${target.author?.username ?? 'another customer'}, this ticket from `
      + `${source.author?.username ?? 'someone else'}. Only tickets from the same customer can be merged: `
      + 'a customer must never see another customer’s conversation.';
  }
  return null;
}

// The tickets offered as targets: the author's others that are not merged themselves.
export function mergeCandidates(items, source, shown = 10) {
  return otherTickets(items, source, Infinity).filter((item) => !item.merged_into_id).slice(0, shown);
}

export function mergedMessage(sourceId, targetId) {
  return `Merged #${sourceId} into #${targetId}`;
}
