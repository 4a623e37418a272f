// Times as people need them for credentials: to the minute, with the zone, and how long ago a credential was used.
import { h } from './dom.js';

const MINUTE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
});
const DAY_MS = 24 * 3600 * 1000;

/** <time datetime="…">7 Dec 2026, 23:41 UTC</time>, or a dash when there is no time. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, MINUTE.format(date));
}

/** "never used", "used today", "unused for 12 days". */
export function usage(lastUsedIso, now = Date.now()) {
  if (!lastUsedIso) return h('span', { class: 'badge warn' }, 'never used');
  const days = Math.floor((now - new Date(lastUsedIso).getTime()) / DAY_MS);
  if (days < 1) return h('span', { class: 'badge ok' }, 'used today');
  return h('span', { class: days >= 30 ? 'badge warn' : 'badge' }, `unused for ${days} day${days === 1 ? '' : 's'}`);
}

/** "expired", "expires in 45 min", "expires in 3 h", "expires in 12 days", "no expiry". */
export function expiry(iso, now = Date.now()) {
  if (!iso) return h('span', { class: 'muted' }, 'no expiry');
  const left = new Date(iso).getTime() - now;
  if (left <= 0) return h('span', { class: 'badge bad' }, 'expired');
  const hours = left / 3600000;
  const text = hours < 2 ? `${Math.round(left / 60000)} min` : hours < 48 ? `${Math.round(hours)} h`
    : `${Math.round(hours / 24)} days`;
  return h('span', { class: hours < 24 ? 'badge warn' : 'badge' }, `expires in ${text}`);
}

/** A datetime-local input's value (the browser's zone) as an RFC 3339 instant. */
export function instantOf(localValue) {
  return localValue ? new Date(localValue).toISOString() : undefined;
}

/** A datetime-local input's value for a moment this many days from now, in the browser's zone, to the minute. */
export function localInputValue(daysFromNow, now = new Date()) {
  const date = new Date(now.getTime() + daysFromNow * 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}`;
}
