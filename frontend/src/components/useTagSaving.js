// Saves a ticket's whole set of tags (PATCH { tags }). A change made while another is on
// its way is sent after it, so the server ends with the set chosen last; until every one
// is in, `tags` is that set, so the chips do not flicker back and forth.
import { useRef, useState } from 'react';
import { api } from '../api.js';
import { tagSaveError } from '../ticketTags.js';

export function useTagSaving(ticket, onUpdated) {
  // The set being saved, or null when the ticket's own tags are the truth.
  const [chosen, setChosen] = useState(null);
  const [error, setError] = useState(null);
  const queue = useRef(Promise.resolve());
  const waiting = useRef(0);

  // Resolves to whether this set was saved.
  function save(tags) {
    setChosen(tags);
    setError(null);
    waiting.current += 1;
    const send = async () => {
      try {
        onUpdated(await api.updateTicket(ticket.id, { tags }));
        return true;
      } catch (failure) {
        setError(tagSaveError(failure));
        return false;
      } finally {
        waiting.current -= 1;
        if (waiting.current === 0) setChosen(null);
      }
    };
    const saved = queue.current.then(send);
    queue.current = saved;
    return saved;
  }

  return { tags: chosen ?? ticket.tags ?? [], error, save };
}
