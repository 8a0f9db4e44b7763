// A message for the page a user is sent to next ("Ticket #301 deleted"), when the
// page that could have said it is gone. In memory only: a reload does not repeat it.
let pending = null;

export function flash(message) {
  pending = message;
}

// The message, once: whoever takes it shows it.
export function takeFlash() {
  const message = pending;
  pending = null;
  return message;
}
