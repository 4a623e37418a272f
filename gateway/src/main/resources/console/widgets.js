// Dialogs, messages and small controls every screen uses.
import { h, replace, uid } from './dom.js';
import { go } from './router.js';

/** Says something to screen readers and sighted users without moving focus. */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = '';
  // a change of text is what live regions announce
  setTimeout(() => { status.textContent = text; }, 20);
  toast(text);
}

function toast(text) {
  const shown = h('div', { class: 'toast' }, text);
  document.body.append(shown);
  setTimeout(() => shown.remove(), 4000);
}

/** Shows an API's error in its own words, in the page's alert region (read out at once). */
export function showError(error) {
  const alert = document.getElementById('alert');
  replace(alert, h('strong', {}, 'The API refused: '), h('span', { class: 'error-text' }, error.message),
    h('button', { type: 'button', class: 'link', on: { click: clearError } }, 'Dismiss'));
  alert.hidden = false;
}

export function clearError() {
  const alert = document.getElementById('alert');
  alert.hidden = true;
  alert.replaceChildren();
}

/** Runs an action, showing its error if it fails; disables the button meanwhile. */
export async function act(button, action) {
  clearError();
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    if (button && button.isConnected) button.disabled = false;
  }
}

function modal(title, body, buttons, opener) {
  const titleId = uid('dlg');
  const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'dialog' },
    h('h2', { id: titleId }, title), body, h('div', { class: 'actions' }, buttons));
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
  dialog.showModal();
  return dialog;
}

/** Asks before anything destructive. Resolves true only for the confirm button. */
export function confirmAction({ title, message, confirm, opener }) {
  return new Promise((resolve) => {
    let yes = false;
    const ok = h('button', { type: 'button', class: 'danger', on: { click: () => { yes = true; dialog.close(); } } },
      confirm);
    const no = h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel');
    const dialog = modal(title, h('p', {}, message), [no, ok], opener);
    dialog.addEventListener('close', () => resolve(yes));
    no.focus();
  });
}

/**
 * Shows secrets once. Each value sits in a read-only field with a copy button; when the dialog closes the fields
 * are emptied and the dialog leaves the DOM, so the secret is nowhere in the page afterwards.
 */
export function showSecretOnce({ title, values, note, download, opener }) {
  const fields = values.map(({ label, value }) => {
    const id = uid('secret');
    const input = h('input', { id, type: 'text', readonly: true, value, class: 'secret', spellcheck: 'false',
      autocomplete: 'off' });
    const copy = h('button', { type: 'button', on: { click: () => copyText(input, copy) } }, `Copy ${label}`);
    return { input, row: h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'inline' },
      input, copy)) };
  });
  const body = h('div', {},
    h('p', { class: 'warning' }, 'Store it now: you will not see it again. Keygate keeps only a hash of it.'),
    note ? h('p', {}, note) : null,
    fields.map((f) => f.row),
    download ? h('p', {}, h('button', { type: 'button', on: { click: () => saveFile(download.name, download.content) } },
      `Download ${download.name}`)) : null);
  const done = h('button', { type: 'button', class: 'primary', on: { click: () => dialog.close() } },
    'I have stored it');
  const dialog = modal(title, body, [done], opener);
  dialog.addEventListener('close', () => {
    for (const f of fields) f.input.value = '';
    if (download) download.content = '';
  });
  // the secret (the last value) is what must be stored: focus it, selected
  fields[fields.length - 1]?.input.focus();
  fields[fields.length - 1]?.input.select();
  return new Promise((resolve) => dialog.addEventListener('close', resolve));
}

/** Copies with the Clipboard API where the page is a secure context, else selects the text for Ctrl+C. */
export async function copyText(input, button) {
  input.focus();
  input.select();
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
    await navigator.clipboard.writeText(input.value);
    announce('Copied to the clipboard.');
  } catch {
    // plain http off localhost has no Clipboard API: the text stays selected for the keyboard's copy
    const copied = document.execCommand && document.execCommand('copy');
    announce(copied ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C (⌘C) to copy.');
  }
  if (button) button.focus();
}

/** A read-only identifier with a button that copies it (ids are never editable fields). */
export function copyable(value, label) {
  const button = h('button', { type: 'button', class: 'small', 'aria-label': `Copy ${label}`, on: {
    click: async () => {
      const scratch = h('input', { type: 'text', readonly: true, value, class: 'visually-hidden',
        'aria-hidden': 'true', tabindex: '-1' });
      document.body.append(scratch);
      await copyText(scratch, button);
      scratch.remove();
    },
  } }, 'Copy');
  return h('span', { class: 'inline' }, h('code', {}, value), button);
}

/** Saves text as a file (a key file), through a blob URL that is revoked at once. */
export function saveFile(name, content) {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A labelled form control. */
export function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  let hintEl = null;
  if (hint) {
    hintEl = h('span', { id: `${id}-hint`, class: 'hint' }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/** A table with a caption and header cells; rows are arrays of cell contents. */
export function table(caption, headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    // the section's heading names the table on screen; the caption names it for screen readers
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i === 0
      ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))))))));
}

/** Previous/next over a list the API pages: shows "201–300 of 4,210". */
export function pager({ offset, limit, total, shown, go }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = offset + shown;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: offset === 0, on: { click: () => go(Math.max(0, offset - limit)) } },
      'Previous'),
    h('span', {}, `${from.toLocaleString()}–${to.toLocaleString()} of ${total.toLocaleString()}`),
    h('button', { type: 'button', disabled: to >= total, on: { click: () => go(offset + limit) } }, 'Next'));
}

/** A button that is disabled, saying why, when the signed-in user lacks the permission. */
export function guarded(allowed, props, label) {
  const button = h('button', { type: 'button', ...props, disabled: !allowed,
    title: allowed ? undefined : 'Your token lacks the permission for this' }, label);
  return button;
}

/**
 * A button for something destructive: it asks first ({title, message, confirm}), then runs `run`, says `done` and
 * shows `next` (by default this screen again, as it now is). Disabled when the token lacks the permission.
 */
export function dangerButton({ label, allowed = true, small = false, title, message, confirm, run, done, next }) {
  const button = guarded(allowed, { class: small ? 'danger small' : 'danger', on: { click: async () => {
    if (!(await confirmAction({ title, message, confirm, opener: button }))) return;
    await act(button, async () => {
      await run();
      announce(done);
      go(next ?? window.location.hash);
    });
  } } }, label);
  return button;
}

/** A definition list of label/value pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term),
    h('dd', {}, value)]));
}

