// Sign in with a bearer: a personal access token (or access token) of a user, or the system token. The token stays
// in this tab's memory only.
import { h } from '../dom.js';
import { auth, v2, ApiError } from '../api.js';
import { signIn, session } from '../session.js';
import { field, showError, clearError } from '../widgets.js';
import { go } from '../router.js';

export function render() {
  const token = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'off',
    spellcheck: 'false', autofocus: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'card narrow', on: { submit: (e) => {
    e.preventDefault();
    signInWith(token.value.trim(), submit);
  } } },
  field('Token', token, 'A personal access token of a user of your instance, or the system token for the '
      + 'instance list. It is kept in this tab only and forgotten when the tab closes.'),
  h('div', { class: 'actions' }, submit));
  return h('section', {}, h('h1', {}, 'Sign in to the Keygate console'), form,
    h('p', { class: 'muted' }, 'Scripts and SDKs use the same APIs: see the ', h('a', { href: '/docs' }, 'API docs'),
      '.'));
}

async function signInWith(token, button) {
  clearError();
  if (!token) return;
  button.disabled = true;
  try {
    const { user } = await auth.me(token);
    const { result = [] } = await auth.permissions(token);
    signIn(token, 'user', {
      id: user.id,
      name: user.preferredLoginName || user.userName,
      orgId: user.details?.resourceOwner,
    }, result);
    continueAfterSignIn();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) {
      showError(error);
      return;
    }
    try {
      // not a user's token: the system token (or a system user's JWT) lists instances
      await v2('instance', 'ListInstances', { pagination: { limit: 1 } }, token);
      signIn(token, 'system', { id: 'system', name: 'System token', orgId: null }, []);
      // the system token sees the instances only: a deep link into an organization is not for it
      session.wanted = null;
      go('#/instances');
    } catch (second) {
      showError(second.status === 401 ? new Error('This token is not valid here: it is neither a personal access '
        + 'token or access token of a user of this Keygate, nor its system token.') : second);
    }
  } finally {
    if (button.isConnected) button.disabled = false;
  }
}

function continueAfterSignIn() {
  const wanted = session.wanted;
  session.wanted = null;
  go(wanted || '#/');
}
