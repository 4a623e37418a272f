// The instance's audit trail (ZITADEL's admin ListEvents): what happened, to which object, by whom and when. Events
// never carry a secret. Newest first; "Older events" continues from the last one shown.
import { h } from '../dom.js';
import { admin } from '../api.js';
import { when } from '../format.js';
import { table, field } from '../widgets.js';
import { go, withQuery } from '../router.js';

const LIMIT = 50;

export async function render(params, query) {
  const [eventTypes, aggregateTypes] = await Promise.all([admin.eventTypes(), admin.aggregateTypes()]);
  const request = { limit: LIMIT, asc: false };
  if (query.aggregateType) request.aggregateTypes = [query.aggregateType];
  if (query.eventType) request.eventTypes = [query.eventType];
  if (query.aggregateId) request.aggregateId = query.aggregateId;
  if (query.editor) request.editorUserId = query.editor;
  if (query.before) request.sequence = query.before;
  const { events = [] } = await admin.events(request);

  const aggregate = select('aggregateType', 'Any object type', aggregateTypes.aggregateTypes, query.aggregateType);
  const type = select('eventType', 'Any event type', eventTypes.eventTypes, query.eventType);
  const aggregateId = h('input', { type: 'text', name: 'aggregateId', value: query.aggregateId || '' });
  const editor = h('input', { type: 'text', name: 'editor', value: query.editor || '' });
  const filters = h('form', { role: 'search', class: 'toolbar wrap', on: { submit: (e) => {
    e.preventDefault();
    go(withQuery('/events', { aggregateType: aggregate.value, eventType: type.value,
      aggregateId: aggregateId.value.trim(), editor: editor.value.trim() }));
  } } }, field('Object type', aggregate), field('Event type', type), field('Object id', aggregateId),
  field('Actor (user id)', editor), h('button', { type: 'submit' }, 'Filter'));

  const last = events[events.length - 1];
  const older = events.length === LIMIT && last ? h('a', { class: 'button',
    href: withQuery('/events', { ...query, before: last.sequence }) }, 'Older events') : null;
  return h('section', {}, h('h1', {}, 'Audit events'),
    h('p', { class: 'muted' }, 'Every change in this instance, newest first. No event holds a secret.'),
    filters,
    table('Events', ['Event', 'Object', 'Actor', 'Time', 'Sequence'], events.map((e) => [
      e.type?.localized?.localizedMessage || e.type?.type || '',
      [h('span', {}, e.aggregate?.type?.localized?.localizedMessage || e.aggregate?.type?.type || e.aggregate?.type || ''),
        ' ', h('code', {}, e.aggregate?.id || '')],
      e.editor?.displayName || e.editor?.userId || e.editor?.service || '',
      when(e.creationDate), e.sequence || '',
    ]), 'No event matches.'),
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, query.before ? h('a', { class: 'button',
      href: withQuery('/events', { ...query, before: undefined }) }, 'Newest events') : null, older));
}

function select(name, anyLabel, types = [], chosen) {
  return h('select', { name }, h('option', { value: '' }, anyLabel), types.map((t) => {
    const value = typeof t.type === 'string' ? t.type : t.type?.type;
    return h('option', { value, selected: value === chosen }, t.localized?.localizedMessage || value);
  }));
}
