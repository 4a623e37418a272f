// What an API app and a machine user share: a secret with an optional rotation overlap, and keys.
import { h } from '../dom.js';
import { when, usage, expiry, instantOf, localInputValue } from '../format.js';
import { table, field, act, showSecretOnce, confirmAction, guarded, dangerButton } from '../widgets.js';
import { go } from '../router.js';

export const OVERLAPS = [
  ['', 'none: the old secret stops at once'],
  ['3600s', '1 hour'],
  ['86400s', '1 day'],
  ['604800s', '7 days'],
  ['2592000s', '30 days'],
];

/**
 * The secret panel. `secrets` is GetSecrets/GetClientSecrets' answer (or null: no secret); `ops` has
 * rotate(overlap) → {clientSecret}, endOverlap(), and optionally remove(); `allowed` says whether the user may write.
 */
export function secretPanel({ secrets, ops, allowed, clientId }) {
  const overlap = h('select', { name: 'overlap' }, OVERLAPS.map(([value, label]) => h('option', { value }, label)));
  const rotate = guarded(allowed, { type: 'submit', class: 'primary' }, secrets ? 'Regenerate secret'
    : 'Generate secret');
  const form = h('form', { class: 'inline-form', on: { submit: async (e) => {
    e.preventDefault();
    const sure = !secrets || await confirmAction({ title: 'Regenerate the secret?', opener: rotate,
      confirm: 'Regenerate', message: overlap.value
        ? `The current secret keeps working for ${overlap.selectedOptions[0].textContent} beside the new one.`
        : 'The current secret stops working at once. Clients still using it will fail.' });
    if (!sure) return;
    await act(rotate, async () => {
      const made = await ops.rotate(overlap.value || undefined);
      await showSecretOnce({ title: 'New secret', opener: rotate, values: [
        clientId ? { label: 'client id', value: clientId } : null,
        { label: 'client secret', value: made.clientSecret }].filter(Boolean) });
      go(window.location.hash);
    });
  } } }, secrets ? field('Keep the old secret working for', overlap) : null, rotate);

  const current = secrets?.secret;
  const previous = secrets?.previousSecret;
  const rows = [];
  if (current) rows.push(['current', when(current.creationDate), h('span', { class: 'muted' }, 'until replaced'),
    when(current.lastUsedDate), usage(current.lastUsedDate)]);
  if (previous) rows.push(['previous', when(previous.creationDate), [when(previous.expirationDate), ' ',
    expiry(previous.expirationDate)], when(previous.lastUsedDate), usage(previous.lastUsedDate)]);

  const end = previous ? dangerButton({ label: 'End overlap now', allowed, title: 'End the overlap now?',
    confirm: 'End overlap', message: 'The previous secret stops working at once. Check its last use first: a client '
      + 'still using it will fail.', run: ops.endOverlap, done: 'The previous secret no longer works.' }) : null;

  return h('section', { class: 'card', 'aria-labelledby': 'secret-h' }, h('h2', { id: 'secret-h' }, 'Secret'),
    table('Secrets', ['Secret', 'Created', 'Expires', 'Last used', 'Use'], rows, 'No secret.'),
    form, end);
}

/**
 * The keys panel. `keys` are the listed keys; `ops` has create(expirationDate) → {keyId, file}, remove(keyId).
 * `expiryRequired`: the API wants an expiry (a machine user's keys); one year from now is proposed.
 */
export function keysPanel({ keys, ops, allowed, fileName, expiryRequired = false }) {
  const expires = h('input', { type: 'datetime-local', name: 'keyExpires', required: expiryRequired,
    value: expiryRequired ? localInputValue(365) : '' });
  const add = guarded(allowed, { type: 'submit', class: 'primary' }, 'Add key');
  const form = h('form', { class: 'inline-form', on: { submit: (e) => {
    e.preventDefault();
    act(add, async () => {
      const made = await ops.create(instantOf(expires.value));
      await showSecretOnce({ title: 'New key', opener: add,
        values: [{ label: 'key id', value: made.keyId }],
        note: 'The key file holds the private key: download it now. Keygate keeps only the public key.',
        download: { name: fileName(made.keyId), content: made.file } });
      go(window.location.hash);
    });
  } } }, field(expiryRequired ? 'Key expires (your time zone)' : 'Key expires (optional, your time zone)', expires),
  add);

  const rows = keys.map((key) => {
    const remove = dangerButton({ label: 'Delete', allowed, small: true, title: `Delete key ${key.id}?`,
      confirm: 'Delete key', message: 'Tokens and assertions signed with this key stop working at once.',
      run: () => ops.remove(key.id), done: `Key ${key.id} deleted.` });
    return [h('code', {}, key.id), when(key.creationDate), [when(key.expirationDate), ' ', expiry(key.expirationDate)],
      [when(key.lastUsedDate), ' ', usage(key.lastUsedDate)], remove];
  });
  return h('section', { class: 'card', 'aria-labelledby': 'keys-h' }, h('h2', { id: 'keys-h' }, 'Keys'),
    table('Keys', ['Key', 'Created', 'Expires', 'Last used', 'Actions'], rows, 'No key.'), form);
}

/** The bytes of a key file the API gives base64-encoded, as text. */
export function keyFileText(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

