// What the admin's users page reads from its address and sends when it adds someone.

export const USER_SEARCH_MAX = 254;

// The ?q= of the page's address: the search over usernames and emails ('' for everyone).
export function userSearchFromQuery(query) {
  const q = typeof query?.q === 'string' ? query.q.trim() : '';
  return q.slice(0, USER_SEARCH_MAX);
}

export const emptyNewUser = { username: '', email: '', role: 'customer', password: '' };

// The body of POST /api/users. An empty password is left out: the new user is then
// mailed a link to set their own.
export function newUserRequest({ username, email, role, password }) {
  const body = { username: String(username ?? '').trim(), email: String(email ?? '').trim(), role };
  if (password) body.password = password;
  return body;
}

// Names the required fields left empty, as the server's 422 `fields` would.
export function validateNewUser(values) {
  const errors = {};
  if (!String(values.username ?? '').trim()) errors.username = 'Enter a username.';
  if (!String(values.email ?? '').trim()) errors.email = 'Enter an email address.';
  return errors;
}

// What the confirmation says once the account exists.
export function userAddedMessage(user, { withPassword }) {
  return withPassword
    ? `${user.username} was added and can sign in with the password you chose.`
    : `${user.username} was added. They will get an email with a link to set their password.`;
}
