// The server's HTTP API (playground/API.md): JSON requests whose errors become exceptions
// carrying the server's message, and one run at a time with its stream of snapshots.

export async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON`);
  }
  if (!res.ok) throw new Error(json.error || `${method} ${path}: HTTP ${res.status}`);
  return json;
}

// One run on the server: created from a body, then its snapshots arrive through onSnapshot.
// A new configuration makes a new run; the old one is deleted first so that a user who edits
// a lot never meets the server's limit on runs.
export class RunClient {
  constructor({ onSnapshot, onError }) {
    this.onSnapshot = onSnapshot;
    this.onError = onError;
    this.id = null;
    this.source = null;
    this.generation = 0;  // answers for a replaced run are dropped
  }

  async start(body) {
    const generation = ++this.generation;
    await this.stop();
    const created = await request('POST', '/api/runs', body);
    if (generation !== this.generation) {  // a newer start overtook this one
      request('DELETE', `/api/runs/${created.id}`).catch(() => {});
      return null;
    }
    this.id = created.id;
    this.listen();
    return created;
  }

  listen() {
    const id = this.id;
    this.source = new EventSource(`/api/runs/${id}/events`);
    this.source.onmessage = event => {
      if (id === this.id) this.onSnapshot(JSON.parse(event.data));
    };
    this.source.onerror = () => {
      // The browser reconnects by itself after a dropped connection; a closed source means the
      // server refused the stream (the run is gone), and reconnecting cannot help.
      if (this.source && this.source.readyState === EventSource.CLOSED && id === this.id) {
        this.onError(new Error('the stream of this run ended (server stopped or run removed): change anything to start again'));
      }
    };
  }

  async stop() {
    if (this.source) this.source.close();
    this.source = null;
    const id = this.id;
    this.id = null;
    if (id) await request('DELETE', `/api/runs/${id}`).catch(() => {});  // already reaped: fine
  }

  control(action, extra = {}) {
    if (!this.id) return Promise.resolve(null);
    return request('POST', `/api/runs/${this.id}/control`, { action, ...extra });
  }

  exported() {
    return this.id ? request('GET', `/api/runs/${this.id}/export`) : Promise.reject(new Error('no run yet'));
  }
}
