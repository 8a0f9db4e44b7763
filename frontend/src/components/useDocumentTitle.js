// The browser tab's title: the page first, so a row of tabs stays readable.
import { useEffect } from 'react';

const APP_NAME = 'Helpdesk';

// pageTitle('Tickets') is "Tickets · Helpdesk"; without a page, just "Helpdesk".
export function pageTitle(page) {
  return page ? `${page} · ${APP_NAME}` : APP_NAME;
}

// "#301 Printer offline"
export function ticketTitle(ticket) {
  return `#${ticket.id} ${ticket.title}`;
}

// `null` leaves the title to a view rendered inside this one (e.g. NotFound).
export function useDocumentTitle(page) {
  useEffect(() => {
    if (page !== null) globalThis.document.title = pageTitle(page);
  }, [page]);
}
