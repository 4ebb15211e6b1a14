// Incident playback as a timeline: the same story `watchkeeper playback <incident>` prints, one entry
// per ledger line, people marked apart from the bot and the sources.
/* global document, fetch */

const $ = (id) => document.getElementById(id);
let selected = '';
let lastIds = '';

function li(entry) {
  const node = document.createElement('li');
  const failed = /\b(failed|rejected|expired|unknown|refused)\b/.test(entry.line);
  node.className = [entry.human ? 'human' : 'bot', failed ? 'failed' : ''].join(' ').trim();
  node.dataset.kind = entry.kind;
  const time = document.createElement('time');
  time.dateTime = entry.at;
  time.textContent = new Date(entry.at).toLocaleTimeString();
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = entry.kind;
  // The line as playback prints it, without its own time and sequence prefix.
  const text = entry.line.replace(/^\S+\s+#\d+\s+\S+\s+/, '');
  node.append(time, kind, text);
  return node;
}

async function get(path, token) {
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

async function draw(token) {
  if (!selected) {
    $('playback').replaceChildren();
    return;
  }
  const view = await get(`/api/dashboard/playback/${encodeURIComponent(selected)}`, token);
  $('playback').replaceChildren(...view.entries.map(li));
}

/** Refreshes the incident list (keeping the selection) and the selected incident's timeline. */
export async function refreshPlayback(token) {
  const { incidents } = await get('/api/incidents?limit=50', token);
  const ids = incidents.map((i) => i.id).join(',');
  if (ids !== lastIds) {
    lastIds = ids;
    const select = $('playback-select');
    select.replaceChildren(
      ...incidents.map((i) => {
        const o = document.createElement('option');
        o.value = i.id;
        o.textContent = `${i.id} · ${i.status} · ${i.title}`;
        return o;
      }),
    );
    if (!incidents.some((i) => i.id === selected)) selected = incidents[0]?.id ?? '';
    select.value = selected;
  }
  await draw(token);
}

export function wirePlayback(tokenOf) {
  $('playback-select').addEventListener('change', (e) => {
    selected = e.target.value;
    draw(tokenOf()).catch(() => undefined);
  });
}
