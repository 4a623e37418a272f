// Hash routes: every object has its own URL (#/o/<org>/projects/<project>/apps/<app>), so links can be shared and
// back/forward work without any server-side route.

const routes = [];

/** route('/o/:org/projects', screen) */
export function route(pattern, screen) {
  const names = [];
  const regex = new RegExp(`^${pattern.replace(/:([a-z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  })}$`);
  routes.push({ regex, names, screen });
}

/** The screen and parameters of the current location: {screen, params, query}. */
export function resolve(hash = window.location.hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const query = Object.fromEntries(new URLSearchParams(search));
  for (const { regex, names, screen } of routes) {
    const match = regex.exec(path || '/');
    if (match) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      return { screen, params, query, path: path || '/' };
    }
  }
  return { screen: null, params: {}, query, path };
}

/** '#/o/' + id + … with each part encoded. */
export function link(...parts) {
  return `#/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
}

/** The same route with other query values (search, offset): a new history entry, so back returns to the last page. */
export function withQuery(path, query) {
  const kept = Object.entries(query).filter(([, v]) => v !== undefined && v !== '' && v !== null);
  return `#${path}${kept.length ? `?${new URLSearchParams(kept).toString()}` : ''}`;
}

export function go(hash) {
  if (window.location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
