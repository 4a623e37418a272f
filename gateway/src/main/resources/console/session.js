// The console's session: the bearer the person signed in with, held in this module's memory only. Never in web
// storage or a cookie, so it is gone when the tab closes or reloads; it is also dropped after
// IDLE_MS without a call, and by "Sign out".

export const IDLE_MS = 30 * 60 * 1000;

export const session = {
  token: null,
  /** 'user' (a PAT or access token of a user) or 'system' (the system token or a system user's JWT) */
  kind: null,
  me: null,
  permissions: new Set(),
  /** Oracle Commerce admin login of this tab: {token, host, user} */
  oracle: null,
  /** the organization the screen shows (from its URL), sent with v2 calls */
  organization: null,
  /** the address asked for before sign-in, where sign-in leads */
  wanted: null,
};

const listeners = new Set();
let idleTimer = null;

export function onSignOut(listener) {
  listeners.add(listener);
}

export function signIn(token, kind, me, permissions) {
  session.token = token;
  session.kind = kind;
  session.me = me;
  session.permissions = new Set(permissions);
  touch();
}

export function signedIn() {
  return session.token !== null;
}

export function can(permission) {
  return session.kind === 'system' ? permission.startsWith('system.') : session.permissions.has(permission);
}

/** Every successful call keeps the session alive. */
export function touch() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => signOut('Signed out after 30 minutes without activity.'), IDLE_MS);
}

export function signOut(reason) {
  clearTimeout(idleTimer);
  session.token = null;
  session.kind = null;
  session.me = null;
  session.permissions = new Set();
  session.oracle = null;
  session.organization = null;
  for (const listener of listeners) listener(reason);
}
