// The service map as a picture: callers above what they call, one row per depth, arrows along
// dependencies, and services with an open incident drawn red (degraded ones amber).
/* global document */
import { api } from './api.js';
import { $ } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const BOX = { w: 118, h: 40, gapX: 16, gapY: 42, pad: 10 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Row of each service: 0 for services nobody calls, else one below its lowest caller. Bounded by the
 * number of services, so a dependency cycle cannot loop forever.
 */
function rows(services) {
  const row = new Map(services.map((s) => [s.name, 0]));
  for (let pass = 0; pass < services.length; pass++) {
    let moved = false;
    for (const s of services) {
      for (const dep of s.dependsOn) {
        if (!row.has(dep)) continue;
        const wanted = row.get(s.name) + 1;
        if (row.get(dep) < wanted) {
          row.set(dep, wanted);
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return row;
}

function stateOf(s) {
  if (s.incident) return 'incident';
  if (s.status && !/^(healthy|ok|running)$/i.test(s.status)) return 'warn';
  return 'ok';
}

export function drawServiceMap(container, services) {
  const row = rows(services);
  const byRow = [];
  for (const s of services) (byRow[row.get(s.name)] ??= []).push(s);
  const width = Math.max(...byRow.map((r) => r?.length ?? 0), 1) * (BOX.w + BOX.gapX) + BOX.pad * 2;
  const height = byRow.length * (BOX.h + BOX.gapY) + BOX.pad * 2 - BOX.gapY;
  const at = new Map();
  byRow.forEach((items, r) =>
    (items ?? []).forEach((s, i) => {
      const offset = (width - items.length * (BOX.w + BOX.gapX) + BOX.gapX) / 2;
      at.set(s.name, { x: offset + i * (BOX.w + BOX.gapX), y: BOX.pad + r * (BOX.h + BOX.gapY) });
    }),
  );
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'service-map',
    role: 'img',
    'aria-label': 'Service dependencies',
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'map-arrow' }));
  defs.append(marker);
  root.append(defs);
  for (const s of services) {
    const from = at.get(s.name);
    for (const dep of s.dependsOn) {
      const to = at.get(dep);
      if (!from || !to) continue;
      root.append(
        svg('line', {
          x1: from.x + BOX.w / 2,
          y1: from.y + BOX.h,
          x2: to.x + BOX.w / 2,
          y2: to.y,
          class: 'map-edge',
          'data-edge': `${s.name}->${dep}`,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  for (const s of services) {
    const { x, y } = at.get(s.name);
    const g = svg('g', { class: `map-node map-${stateOf(s)}`, 'data-service': s.name });
    const title = s.incident ? `${s.incident.id}: ${s.incident.title}` : (s.status ?? 'no incident');
    g.append(svg('title', {}, `${s.name} · ${title}`));
    g.append(svg('rect', { x, y, width: BOX.w, height: BOX.h, rx: 6 }));
    g.append(svg('text', { x: x + BOX.w / 2, y: y + 16, class: 'map-name' }, s.name));
    const sub = [s.tier === undefined ? undefined : `tier ${s.tier}`, s.version, s.incident?.id]
      .filter(Boolean)
      .join(' · ');
    g.append(svg('text', { x: x + BOX.w / 2, y: y + 31, class: 'map-sub' }, sub));
    root.append(g);
  }
  container.replaceChildren(root);
}

export async function loadServiceMap() {
  const { status, body } = await api('/api/service-map');
  const container = $('service-map');
  if (status !== 200 || body.services.length === 0) {
    container.textContent = 'No service map (data/service-map.yaml).';
    return;
  }
  drawServiceMap(container, body.services);
}
