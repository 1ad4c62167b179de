// newsgraph explorer: plain JavaScript and SVG, no build step, nothing
// loaded from anywhere but this server. Everything it shows comes from the
// JSON API under /api/ (GET /api/ lists it). Text from the graph is only
// ever put into the page as text nodes.
'use strict';

(() => {
  // ---------------------------------------------------------------- vocabulary
  const NS = {
    schema: 'http://schema.org/',
    ng: 'https://w3id.org/newsgraph/ns#',
    skos: 'http://www.w3.org/2004/02/skos/core#',
    prov: 'http://www.w3.org/ns/prov#',
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  };
  const NATIONALITY = NS.schema + 'nationality';

  // How a predicate reads from its subject (out) and from its object (in).
  const PHRASES = {
    'schema:attendee': ['attendee', 'attended'],
    'schema:organizer': ['organizer', 'organized'],
    'ng:involves': ['involves', 'involved in'],
    'ng:party': ['party', 'party to'],
    'schema:about': ['about', 'subject of'],
    'schema:location': ['location', 'location of'],
    'schema:nationality': ['nationality', 'nationality of'],
    'ng:raised': ['raised', 'raised by'],
    'schema:containedInPlace': ['in', 'contains'],
    'schema:memberOf': ['member of', 'has member'],
    'schema:affiliation': ['affiliated with', 'affiliate'],
    'schema:publisher': ['publisher', 'published'],
    'schema:mentions': ['mentions', 'mentioned by'],
    'schema:locationCreated': ['written in', 'place of writing of'],
    'schema:name': ['name'],
    'schema:alternateName': ['also called'],
    'schema:jobTitle': ['job title'],
    'schema:identifier': ['identifier'],
    'schema:startDate': ['date'],
    'schema:dateCreated': ['date'],
    'schema:datePublished': ['published'],
    'schema:headline': ['headline'],
    'ng:status': ['status'],
    'ng:count': ['count'],
    'ng:eventType': ['kind'],
    'skos:prefLabel': ['label'],
    'skos:altLabel': ['also called'],
  };
  function phrase(label, inverse) {
    const p = PHRASES[label];
    if (!p) return inverse ? label + ' of' : label;
    return inverse ? (p[1] || p[0] + ' of') : p[0];
  }

  const KIND_LABELS = {
    person: 'person', country: 'country', event: 'event', agreement: 'agreement',
    topic: 'topic', organization: 'organization', place: 'place', document: 'document',
    kind: 'event kind', other: 'other',
  };
  const LEGEND = ['person', 'country', 'event', 'agreement', 'topic', 'organization', 'place'];

  // ---------------------------------------------------------------- DOM helpers
  const $ = (sel) => document.querySelector(sel);
  const SVGNS = 'http://www.w3.org/2000/svg';

  // h builds an HTML element; attributes starting with "on" are listeners.
  function h(tag, attrs, ...kids) {
    return build(document.createElement(tag), attrs, kids);
  }
  function s(tag, attrs, ...kids) {
    return build(document.createElementNS(SVGNS, tag), attrs, kids);
  }
  function build(el, attrs, kids) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat()) {
      if (kid === undefined || kid === null || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- API
  async function api(path) {
    document.body.classList.add('busy');
    try {
      const res = await fetch(path, { headers: { Accept: 'application/json' } });
      let body = null;
      try { body = await res.json(); } catch (_) { /* not JSON */ }
      if (!res.ok) throw new Error(body && body.error ? body.error : res.status + ' ' + res.statusText);
      return body;
    } finally {
      document.body.classList.remove('busy');
    }
  }

  let toastTimer = 0;
  function toast(msg) {
    const t = $('#toast');
    t.textContent = msg;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  }
  function guard(fn) {
    return (...args) => Promise.resolve(fn(...args)).catch((err) => toast(err.message || String(err)));
  }

  // ---------------------------------------------------------------- shapes
  // shape draws a node of kind around (0, 0) with radius r; each kind has
  // its own form and colour (see the k-… classes in style.css).
  function shape(kind, r) {
    const cls = 'shape k-' + (KIND_LABELS[kind] ? kind : 'other');
    const poly = (pts) => s('polygon', { class: cls, points: pts.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ') });
    switch (kind) {
      case 'person':
        return s('circle', { class: cls, r });
      case 'country':
        return s('rect', { class: cls, x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 2 });
      case 'event': {
        const q = r * 1.3;
        return poly([[0, -q], [q, 0], [0, q], [-q, 0]]);
      }
      case 'agreement': {
        const pts = [];
        for (let i = 0; i < 6; i++) {
          const a = Math.PI / 3 * i;
          pts.push([r * 1.15 * Math.cos(a), r * 1.15 * Math.sin(a)]);
        }
        return poly(pts);
      }
      case 'topic':
        return poly([[0, -r * 1.25], [r * 1.2, r * 0.9], [-r * 1.2, r * 0.9]]);
      case 'organization':
        return s('rect', { class: cls, x: -r * 1.35, y: -r * 0.8, width: r * 2.7, height: r * 1.6, rx: 4 });
      case 'place':
        return poly([[0, r * 1.25], [r * 1.2, -r * 0.9], [-r * 1.2, -r * 0.9]]);
      default:
        return s('rect', { class: cls, x: -r * 0.8, y: -r, width: r * 1.6, height: r * 2, rx: 1 });
    }
  }
  function icon(kind) {
    return s('svg', { class: 'icon', viewBox: '-11 -11 22 22', 'aria-hidden': 'true' }, shape(kind, 8));
  }
  function kindBadge(kind, detail) {
    const text = detail && kind === 'event' ? detail : (KIND_LABELS[kind] || kind);
    return h('span', { class: 'badge k-' + (detail || kind), text });
  }

  // ---------------------------------------------------------------- text
  function escapeRe(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
  // marked returns text with the terms (names) marked, as DOM nodes.
  function marked(text, terms) {
    const usable = (terms || []).filter((t) => t && t.length > 1 && t.length < 80)
      .sort((a, b) => b.length - a.length).map(escapeRe);
    if (!usable.length) return [text];
    const re = new RegExp('(?<![\\p{L}\\p{N}])(' + usable.join('|') + ')(?![\\p{L}\\p{N}])', 'giu');
    const out = [];
    let last = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > last) out.push(text.slice(last, m.index));
      out.push(h('mark', { text: m[0] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }
  function shorten(t, n) { return t.length > n ? t.slice(0, n - 1) + '…' : t; }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }
  function lastSegment(iri) { return decodeURIComponent(iri.split('/').pop()); }

  // ---------------------------------------------------------------- graph
  const MAX_EXPAND = 40; // neighbours drawn per expanded node
  const graph = { nodes: new Map(), edges: new Map(), selected: null };

  // rand is a small deterministic generator, so that the same graph is
  // laid out the same way each time.
  function seeded(str) {
    let x = 2166136261;
    for (let i = 0; i < str.length; i++) x = Math.imul(x ^ str.charCodeAt(i), 16777619);
    return () => {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      return ((x >>> 0) % 10000) / 10000;
    };
  }

  function addNode(n, near) {
    let node = graph.nodes.get(n.iri);
    if (node) {
      Object.assign(node, { name: n.name, kind: n.kind, detail: n.detail, date: n.date });
      return node;
    }
    const rnd = seeded(n.iri);
    const base = near ? graph.nodes.get(near) : null;
    const a = rnd() * Math.PI * 2;
    const d = base ? 60 + rnd() * 40 : 0;
    node = Object.assign({}, n, {
      x: (base ? base.x : 0) + Math.cos(a) * d,
      y: (base ? base.y : 0) + Math.sin(a) * d,
      vx: 0, vy: 0, expanded: false,
    });
    graph.nodes.set(n.iri, node);
    return node;
  }

  // expand merges an entity answer into the drawing: the node, up to
  // MAX_EXPAND neighbours (the API lists the most telling first) and the
  // facts between them.
  function expand(e) {
    const self = addNode(e.node);
    self.expanded = true;
    const keep = new Set([e.node.iri]);
    let hidden = 0;
    for (const n of e.nodes) {
      if (n.iri === e.node.iri) continue;
      if (keep.size > MAX_EXPAND && !graph.nodes.has(n.iri)) { hidden++; continue; }
      keep.add(n.iri);
      addNode(n, e.node.iri);
    }
    for (const f of e.edges) {
      if (!keep.has(f.s) || !keep.has(f.o.iri)) continue;
      const key = f.s + '\n' + f.p + '\n' + f.o.iri;
      if (!graph.edges.has(key)) graph.edges.set(key, f);
    }
    return hidden;
  }

  // layout runs a force simulation: nodes repel, facts pull their ends
  // together, everything drifts to the centre; the selected node is held
  // at the centre.
  function layout(iterations) {
    const nodes = [...graph.nodes.values()];
    const edges = [...graph.edges.values()];
    const n = nodes.length;
    if (!n) return;
    const rest = 95;
    for (let it = 0; it < iterations; it++) {
      const heat = 1 - it / iterations;
      for (let i = 0; i < n; i++) {
        const a = nodes[i];
        for (let j = i + 1; j < n; j++) {
          const b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = (i - j) * 0.1; dy = 0.1; d2 = dx * dx + dy * dy; }
          if (d2 > 250000) continue;
          const f = 2600 / d2;
          a.vx += dx * f; a.vy += dy * f;
          b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      for (const e of edges) {
        const a = graph.nodes.get(e.s), b = graph.nodes.get(e.o.iri);
        if (!a || !b) continue;
        const dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 0.1;
        const f = (d - rest) / d * 0.06;
        a.vx += dx * f; a.vy += dy * f;
        b.vx -= dx * f; b.vy -= dy * f;
      }
      const max = 4 + 26 * heat;
      for (const a of nodes) {
        a.vx -= a.x * 0.004; a.vy -= a.y * 0.004;
        const v = Math.sqrt(a.vx * a.vx + a.vy * a.vy);
        if (v > max) { a.vx *= max / v; a.vy *= max / v; }
        if (a.iri !== graph.selected) { a.x += a.vx; a.y += a.vy; }
        a.vx *= 0.5; a.vy *= 0.5;
      }
      const sel = graph.nodes.get(graph.selected);
      if (sel) { sel.x = 0; sel.y = 0; }
    }
  }

  // shortLabel names a node under its shape: events by kind and date (their
  // full names, "Meeting of … in …, date", are in the tooltip).
  function shortLabel(n) {
    if (n.kind === 'event' && n.date) return (n.detail || 'event') + ' ' + n.date;
    return shorten(n.name, 28);
  }

  function drawGraph() {
    const svg = $('#graph');
    svg.replaceChildren();
    $('#graph-empty').hidden = graph.nodes.size > 0;
    if (!graph.nodes.size) return;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const n of graph.nodes.values()) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    }
    const pad = 70;
    const w = Math.max(maxX - minX + 2 * pad, 400), h2 = Math.max(maxY - minY + 2 * pad, 300);
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    svg.setAttribute('viewBox', [cx - w / 2, cy - h2 / 2, w, h2].map((v) => v.toFixed(0)).join(' '));
    // Nodes and labels keep their size on screen however far the graph
    // spreads: k is graph units per screen pixel.
    const k = Math.max(w / (svg.clientWidth || w), h2 / (svg.clientHeight || h2));
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    for (const e of graph.edges.values()) {
      const a = graph.nodes.get(e.s), b = graph.nodes.get(e.o.iri);
      if (!a || !b) continue;
      const title = a.name + ' — ' + phrase(e.label, false) + ' → ' + b.name + ' (click for the source)';
      const line = (cls) => s('line', { class: cls, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      edgeLayer.append(s('g', {
        class: 'edge-group', 'data-p': e.label,
        onclick: () => openFact(e.href, a.name, phrase(e.label, false), b.name),
      },
      s('title', { text: title }), line('edge'), line('edge-hit'),
      s('text', { class: 'edge-label', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3 * k, 'text-anchor': 'middle', 'font-size': (10 * k).toFixed(1), text: phrase(e.label, false) })));
    }
    for (const n of graph.nodes.values()) {
      const r = n.iri === graph.selected ? 12 : 9;
      const cls = ['node', 'k-' + n.kind, n.expanded ? 'expanded' : 'collapsed', n.iri === graph.selected ? 'selected' : ''].join(' ');
      nodeLayer.append(s('g', {
        class: cls, transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)}) scale(${k.toFixed(3)})`, 'data-iri': n.iri, 'data-kind': n.kind,
        tabindex: 0, role: 'button', 'aria-label': n.name + ' (' + (KIND_LABELS[n.kind] || n.kind) + ')',
        onclick: guard(() => focus(n.iri, { reset: false })),
        onkeydown: (ev) => { if (ev.key === 'Enter') guard(() => focus(n.iri, { reset: false }))(); },
      },
      s('title', { text: n.name + ' — ' + (KIND_LABELS[n.kind] || n.kind) + (n.date ? ', ' + n.date : '') + (n.expanded ? '' : ' (click to expand)') }),
      shape(n.kind, r),
      s('text', { y: r + 13, 'text-anchor': 'middle', text: shortLabel(n) })));
    }
    svg.append(edgeLayer, nodeLayer);
  }

  // ---------------------------------------------------------------- focus
  let current = null; // the entity shown in the details panel

  async function focus(iri, { reset = true, timeline = reset } = {}) {
    const e = await api('/api/entity?iri=' + enc(iri));
    if (reset) { graph.nodes.clear(); graph.edges.clear(); }
    graph.selected = iri;
    const hidden = expand(e);
    layout(reset ? 320 : 220);
    drawGraph();
    current = e;
    renderDetails(e, hidden);
    if (location.hash !== '#iri=' + enc(iri)) history.replaceState(null, '', '#iri=' + enc(iri));
    if (timeline) await defaultTimeline(e);
  }

  // ---------------------------------------------------------------- details
  function nodeLink(n) {
    return h('button', { class: 'link', type: 'button', title: 'Show ' + n.name, onclick: guard(() => focus(n.iri, { reset: false })) },
      icon(n.kind), ' ', n.name);
  }
  function sourceButton(href, subject, pred, object) {
    return h('button', { class: 'source', type: 'button', title: 'Where this fact comes from', onclick: guard(() => openFact(href, subject, pred, object)) }, 'source ›');
  }
  function nodeByIRI(e, iri) {
    return e.nodes.find((n) => n.iri === iri) || { iri, name: lastSegment(iri), kind: 'other' };
  }

  function renderDetails(e, hidden) {
    const box = $('#details');
    const n = e.node;
    const parts = [];
    parts.push(h('div', { class: 'entity-head' }, icon(n.kind), h('span', { class: 'entity-name', text: n.name }), kindBadge(n.kind, n.detail)));
    const sub = [];
    if (n.date) sub.push(n.date);
    if (n.detail && n.kind !== 'event') sub.push(n.detail);
    sub.push((e.truncated ? 'at least ' : '') + plural(e.document_count, 'document'));
    parts.push(h('div', { class: 'muted', text: sub.join(' · ') }));
    if (['person', 'country', 'organization'].includes(n.kind)) {
      parts.push(h('p', {}, h('button', { type: 'button', class: 'small', onclick: guard(() => defaultTimeline(e)) }, 'Timeline of ' + shorten(n.name, 30))));
    }
    // facts: literal properties, then links in and out
    const facts = [];
    for (const f of e.properties) {
      const value = f.label === 'ng:eventType' ? lastSegment(f.o.iri || '') : f.o.value;
      facts.push({ pred: phrase(f.label, false), obj: h('span', { text: value }), f, subject: n.name, object: value });
    }
    for (const f of e.edges) {
      const out = f.s === n.iri;
      const other = nodeByIRI(e, out ? f.o.iri : f.s);
      facts.push({ pred: phrase(f.label, !out), obj: nodeLink(other), f, other, subject: out ? n.name : other.name, object: out ? other.name : n.name });
    }
    const list = h('ul', { class: 'facts' });
    for (const x of facts.slice(0, 300)) {
      list.append(h('li', { 'data-p': x.f.label },
        h('span', { class: 'pred', text: x.pred }),
        h('span', { class: 'obj' }, x.obj, x.other && x.other.date ? h('span', { class: 'muted', text: ' ' + x.other.date }) : null),
        h('span', { class: 'ndocs', text: plural(x.f.document_count, 'doc') }),
        sourceButton(x.f.href, x.subject, phrase(x.f.label, false), x.object)));
    }
    parts.push(h('h3', { text: 'Facts' }), facts.length ? list : h('p', { class: 'muted', text: 'No facts.' }));
    if (facts.length > 300) parts.push(h('p', { class: 'more', text: (facts.length - 300) + ' more facts not listed.' }));
    if (hidden) parts.push(h('p', { class: 'more', text: hidden + ' more neighbours are not drawn; click a neighbour to walk on.' }));
    if (e.truncated) parts.push(h('p', { class: 'more', text: 'This node has more facts than the server reads at once; the lists are cut.' }));
    if (e.evidence.length) {
      parts.push(h('h3', { text: 'Read from' }));
      const docs = new Map(e.documents.map((d) => [d.iri, d]));
      for (const ev of e.evidence) {
        const d = docs.get(ev.document);
        parts.push(h('blockquote', { class: 'sentence' }, ev.text,
          h('div', { class: 'sentence-note' }, d ? h('button', { class: 'link', type: 'button', onclick: guard(() => openDocument(d.iri)) }, d.headline || d.id) : lastSegment(ev.document))));
      }
    }
    parts.push(h('h3', { text: 'Documents' }));
    const dl = h('ul', { class: 'doclist' });
    for (const d of e.documents) {
      dl.append(h('li', {},
        h('button', { class: 'link', type: 'button', onclick: guard(() => openDocument(d.iri)) }, d.headline || d.id),
        h('div', { class: 'meta', text: [d.date, d.publisher, d.id].filter(Boolean).join(' · ') })));
    }
    parts.push(e.documents.length ? dl : h('p', { class: 'muted', text: 'None.' }));
    if (e.document_count > e.documents.length) parts.push(h('p', { class: 'more', text: (e.document_count - e.documents.length) + ' older documents not listed.' }));
    box.replaceChildren(...parts);
    box.scrollTop = 0;
  }

  // ---------------------------------------------------------------- drawer
  function openDrawer(title, ...content) {
    $('#drawer-title').textContent = title;
    $('#drawer-body').replaceChildren(...content);
    $('#drawer').hidden = false;
    $('#drawer-body').scrollTop = 0;
  }
  function closeDrawer() { $('#drawer').hidden = true; }

  function articleCard(d, sentences, terms, note) {
    const card = h('div', { class: 'article', 'data-document': d.iri },
      h('div', { class: 'article-head' },
        h('button', { class: 'link', type: 'button', title: 'Every fact read from this article', onclick: guard(() => openDocument(d.iri)) }, d.headline || d.id)),
      h('div', { class: 'meta', text: [d.date, d.publisher, d.dateline, d.id].filter(Boolean).join(' · ') }),
      d.url ? h('div', { class: 'meta' }, h('a', { href: d.url, target: '_blank', rel: 'noopener noreferrer', text: d.url })) : null);
    if (!sentences.length) {
      card.append(h('p', { class: 'muted', text: note || 'The article states this; no sentence was recorded for it.' }));
    }
    for (const x of sentences) {
      const related = x.match && x.match !== 'direct';
      card.append(h('blockquote', { class: 'sentence' + (related ? ' related' : ''), 'data-match': x.match || 'direct' },
        marked(x.text, terms),
        h('div', { class: 'sentence-note', text: NOTES[x.match || 'direct'] })));
    }
    return card;
  }
  const NOTES = {
    direct: 'The sentence this was read from.',
    both: 'No sentence is recorded for this fact; this sentence of the article names both.',
    object: 'No sentence is recorded for this fact; this sentence of the article names it.',
  };

  async function openFact(href, subject, pred, object) {
    const f = await api(href);
    const objName = f.object_node ? f.object_node.name : f.object.value;
    const head = h('p', { class: 'fact-line' },
      h('strong', { text: f.subject.name }), ' ', h('span', { class: 'pred', text: '— ' + pred + ' → ' }), h('strong', { text: objName }));
    openDrawer('Source of a fact', head,
      h('p', { class: 'muted', text: 'Stated by ' + plural(f.source_count, 'document') + (f.source_count > f.sources.length ? '; the first ' + f.sources.length + ' are shown.' : '.') }),
      ...f.sources.map((src) => articleCard(src.document, src.sentences, f.terms)));
  }

  function openItem(it) {
    const terms = it.participants.map((p) => p.name).concat(it.location ? [it.location.name] : []);
    const facts = h('ul', { class: 'facts' },
      h('li', {}, h('span', { class: 'pred', text: 'date' }), h('span', { class: 'obj', text: it.date || 'undated' })),
      h('li', {}, h('span', { class: 'pred', text: 'kind' }), h('span', { class: 'obj', text: it.type })),
      it.location ? h('li', {}, h('span', { class: 'pred', text: 'location' }), h('span', { class: 'obj' }, nodeLink(it.location))) : null,
      h('li', {}, h('span', { class: 'pred', text: it.kind === 'agreement' ? 'parties' : 'taking part' }),
        h('span', { class: 'obj' }, ...it.participants.map((p, i) => [i ? ', ' : '', nodeLink(p)]))),
      it.topics.length ? h('li', {}, h('span', { class: 'pred', text: 'about' }), h('span', { class: 'obj', text: it.topics.map((t) => t.name).join(', ') })) : null,
      it.status ? h('li', {}, h('span', { class: 'pred', text: 'status' }), h('span', { class: 'obj', text: it.status + (it.count ? ' (' + it.count + ')' : '') })) : null);
    // the sentences that name the most of who and where come first
    const named = (text) => terms.filter((t) => text.toLowerCase().includes(t.toLowerCase())).length;
    const cards = it.documents.map((d) => articleCard(d,
      it.evidence.filter((ev) => ev.document === d.iri)
        .map((ev) => ({ text: ev.text, match: 'direct', n: named(ev.text) }))
        .sort((a, b) => b.n - a.n), terms));
    openDrawer('Source of an ' + (it.kind === 'agreement' ? 'agreement' : 'event'),
      h('p', { class: 'fact-line' }, h('strong', { text: it.name })), facts, ...cards);
  }

  async function openDocument(iri) {
    const d = await api('/api/document?iri=' + enc(iri));
    const parts = [articleCard(d.document, [], [], plural(d.facts, 'fact') + ' read from this article.')];
    for (const sub of d.subjects) {
      parts.push(h('h3', {}, nodeLink(sub.node), ' ', kindBadge(sub.node.kind, sub.node.detail)));
      const list = h('ul', { class: 'facts' });
      for (const f of sub.facts) {
        const other = f.o.iri ? (d.mentions.find((m) => m.iri === f.o.iri) || { iri: f.o.iri, name: lastSegment(f.o.iri), kind: 'other' }) : null;
        const value = f.label === 'ng:eventType' ? lastSegment(f.o.iri) : null;
        list.append(h('li', { 'data-p': f.label },
          h('span', { class: 'pred', text: phrase(f.label, false) }),
          h('span', { class: 'obj' }, value ? value : other ? nodeLink(other) : f.o.value),
          sourceButton(f.href + '&g=' + enc(iri), sub.node.name, phrase(f.label, false), value || (other ? other.name : f.o.value))));
      }
      parts.push(list);
      for (const text of sub.evidence) {
        parts.push(h('blockquote', { class: 'sentence' }, text));
      }
    }
    if (d.truncated) parts.push(h('p', { class: 'more', text: 'The article holds more facts than the server reads at once; the list is cut.' }));
    openDrawer('Article', ...parts);
  }

  // ---------------------------------------------------------------- timeline
  const tl = { a: null, counterparts: [], entity: null };

  function option(value, label, selected) {
    return h('option', { value, selected: !!selected, text: label });
  }

  // defaultTimeline shows the entity's meetings and agreements with its
  // most frequent counterpart: for a person, between their country and
  // the other side's country (a person without one stands for themself).
  async function defaultTimeline(e) {
    const n = e.node;
    const box = $('#timeline');
    if (!['person', 'country', 'organization'].includes(n.kind)) {
      box.replaceChildren(h('p', { class: 'empty', text: 'Timelines are between people, countries or organizations; ' + n.name + ' is a ' + (KIND_LABELS[n.kind] || n.kind) + '.' }));
      return;
    }
    const sides = [n];
    if (n.kind === 'person') {
      for (const f of e.edges) {
        if (f.s === n.iri && f.p === NATIONALITY) sides.unshift(nodeByIRI(e, f.o.iri));
      }
    }
    tl.entity = e;
    $('#tl-a').replaceChildren(...sides.map((x, i) => option(x.iri, x.name, i === 0)));
    await loadCounterparts(sides[0].iri);
  }

  async function loadCounterparts(a) {
    const base = await api('/api/timeline?a=' + enc(a));
    tl.a = a;
    const aKind = base.a.length ? base.a[0].kind : 'other';
    const cps = base.counterparts.slice();
    // the same kind of party first: a country's counterpart is a country
    cps.sort((x, y) => (x.kind !== aKind) - (y.kind !== aKind) || y.count - x.count);
    tl.counterparts = cps;
    $('#tl-b').replaceChildren(option('', 'anyone'),
      ...cps.map((c, i) => option(c.iri, c.name + ' (' + c.count + ')', i === 0)));
    await loadTimeline();
  }

  async function loadTimeline() {
    const a = $('#tl-a').value, b = $('#tl-b').value, kind = $('#tl-kind').value;
    let url = '/api/timeline?a=' + enc(a);
    if (b) url += '&b=' + enc(b);
    if (kind && kind !== 'any') url += '&kind=' + enc(kind);
    const t = await api(url);
    renderTimeline(t);
  }

  function monthLabel(d) {
    return d.toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  function renderTimeline(t) {
    const box = $('#timeline');
    const names = (list) => (list || []).map((x) => x.name).join(', ');
    const title = h('p', { class: 'muted' },
      plural(t.total, 'event or agreement', 'events and agreements') + ' ',
      t.b ? 'between ' + names(t.a) + ' and ' + names(t.b) : 'of ' + names(t.a),
      t.truncated ? ' (list cut)' : '');
    if (!t.items.length) {
      box.replaceChildren(title);
      return;
    }
    // axis
    const dated = t.items.filter((it) => it.date);
    const width = Math.max(box.clientWidth - 28, 400), height = 92, pad = 40;
    const svg = s('svg', { id: 'tl-axis', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Timeline' });
    if (dated.length) {
      const times = dated.map((it) => Date.parse(it.date + 'T00:00:00Z'));
      let min = Math.min(...times), max = Math.max(...times);
      if (max - min < 45 * 864e5) { min -= 30 * 864e5; max += 30 * 864e5; }
      const x = (tm) => pad + (tm - min) / (max - min) * (width - 2 * pad);
      const axisY = 64;
      svg.append(s('line', { class: 'axis', x1: pad - 10, x2: width - pad + 10, y1: axisY, y2: axisY }));
      // month ticks, or years over long spans
      const start = new Date(min), ticks = [];
      const months = (new Date(max).getUTCFullYear() - start.getUTCFullYear()) * 12 + new Date(max).getUTCMonth() - start.getUTCMonth();
      const step = months > 36 ? 12 : months > 12 ? 3 : 1;
      let d = new Date(Date.UTC(start.getUTCFullYear(), step === 12 ? 0 : start.getUTCMonth(), 1));
      while (d.getTime() <= max) {
        if (d.getTime() >= min) ticks.push(d);
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1));
      }
      for (const tk of ticks) {
        const tx = x(tk.getTime());
        svg.append(s('g', { class: 'tick' },
          s('line', { x1: tx, x2: tx, y1: axisY - 4, y2: axisY + 4 }),
          s('text', { x: tx, y: axisY + 18, 'text-anchor': 'middle', text: step === 12 ? String(tk.getUTCFullYear()) : monthLabel(tk) })));
      }
      // marks, stacked where they would overlap
      const stacks = new Map();
      for (const it of dated) {
        const mx = x(Date.parse(it.date + 'T00:00:00Z'));
        const slot = Math.round(mx / 14);
        const level = stacks.get(slot) || 0;
        stacks.set(slot, level + 1);
        const kind = it.kind === 'agreement' ? 'agreement' : 'event';
        svg.append(s('g', {
          class: 'mark k-' + it.type, transform: `translate(${mx.toFixed(1)},${axisY - 12 - level * 15})`,
          'data-iri': it.iri, onclick: () => { highlightItem(it.iri); openItem(it); },
        }, s('title', { text: it.date + ' — ' + it.name }), shape(kind, it.type === 'meeting' ? 7 : 5.5)));
      }
    }
    const list = h('ol', { class: 'tl-list' });
    for (const it of t.items) {
      const who = [];
      if (it.location) who.push('at ' + it.location.name);
      if (it.participants.length) who.push(it.participants.map((p) => p.name).join(', '));
      if (it.status) who.push(it.status + (it.count ? ' (' + it.count + ')' : ''));
      list.append(h('li', { class: 'tl-item', 'data-iri': it.iri, 'data-type': it.type, 'data-date': it.date || '' },
        h('span', { class: 'date', text: it.date || 'undated' }),
        h('span', {}, kindBadge(it.kind === 'agreement' ? 'agreement' : 'event', it.type)),
        h('span', { class: 'what' },
          h('button', { class: 'link', type: 'button', onclick: guard(() => focus(it.iri, { reset: false })) }, it.name),
          h('div', { class: 'who', text: who.join(' · ') })),
        h('button', { class: 'source', type: 'button', title: 'The sentences and articles this was read from', onclick: () => { highlightItem(it.iri); openItem(it); } }, 'source ›')));
    }
    box.replaceChildren(title, svg, list);
  }

  function highlightItem(iri) {
    for (const li of document.querySelectorAll('.tl-item')) li.classList.toggle('active', li.dataset.iri === iri);
  }

  // ---------------------------------------------------------------- search
  let searchSeq = 0;
  let results = [];
  let active = -1;

  async function search(text) {
    const seq = ++searchSeq;
    const box = $('#search-results');
    if (!text.trim()) { box.hidden = true; return; }
    const r = await api('/api/search?limit=12&q=' + enc(text));
    if (seq !== searchSeq) return; // a newer search is under way
    results = r.results;
    active = results.length ? 0 : -1;
    const items = results.map((x, i) => h('li', {
      role: 'option', 'aria-selected': i === active ? 'true' : 'false', 'data-iri': x.iri, 'data-kind': x.kind,
      onmousedown: (ev) => { ev.preventDefault(); choose(i); },
    }, icon(x.kind), h('span', { text: x.name }), h('span', { class: 'kind', text: [KIND_LABELS[x.kind] || x.kind, x.detail].filter(Boolean).join(' · ') })));
    if (!items.length) items.push(h('li', { class: 'muted', text: 'Nothing named “' + text + '”.' }));
    if (r.partial) items.push(h('li', { class: 'muted', text: 'Still indexing names: exact names only for now.' }));
    box.replaceChildren(...items);
    box.hidden = false;
  }

  function choose(i) {
    const x = results[i];
    if (!x) return;
    $('#search-results').hidden = true;
    $('#search').value = x.name;
    guard(() => focus(x.iri, { reset: true }))();
  }

  function moveActive(delta) {
    if (!results.length) return;
    active = (active + delta + results.length) % results.length;
    document.querySelectorAll('#search-results li').forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
  }

  // ---------------------------------------------------------------- saved queries
  let savedQueries = [];

  function renderQueryParams() {
    const q = savedQueries.find((x) => x.name === $('#query-name').value);
    const box = $('#query-params');
    box.replaceChildren();
    if (!q) return;
    $('#query-desc').textContent = q.description;
    for (const p of q.params) {
      box.append(h('input', {
        name: p.name, placeholder: p.name + (p.required ? '' : ' (optional)'), title: p.description,
        value: p.default || '', required: p.required, 'aria-label': p.name,
      }));
    }
  }

  async function runQuery(ev) {
    ev.preventDefault();
    const name = $('#query-name').value;
    const params = new URLSearchParams();
    for (const input of $('#query-params').querySelectorAll('input')) {
      if (input.value.trim()) params.set(input.name, input.value.trim());
    }
    const out = $('#query-result');
    try {
      const r = await api('/api/queries/' + enc(name) + (params.toString() ? '?' + params : ''));
      const table = h('table', { class: 'rows' },
        h('thead', {}, h('tr', {}, ...r.columns.map((c) => h('th', { text: c })))),
        h('tbody', {}, ...r.rows.map((row) => h('tr', {}, ...row.map((c) => h('td', { text: c }))))));
      out.replaceChildren(h('p', { class: 'muted', text: plural(r.total, 'row') + (r.truncated ? ' (cut to ' + r.rows.length + ')' : '') }), table);
    } catch (err) {
      out.replaceChildren(h('p', { class: 'muted', text: err.message }));
    }
  }

  // ---------------------------------------------------------------- start
  async function start() {
    $('#legend').replaceChildren(...LEGEND.map((k) => h('li', {}, icon(k), KIND_LABELS[k])));
    const formats = [['nquads', 'N-Quads (named graphs)'], ['turtle', 'Turtle'], ['ntriples', 'N-Triples'],
      ['jsonld', 'JSON-LD'], ['graphml', 'GraphML'], ['dot', 'Graphviz DOT']];
    $('#export-links').replaceChildren(...formats.map(([f, label]) => h('li', {}, h('a', { href: '/api/export?format=' + f, download: '', text: label }))));

    const input = $('#search');
    let timer = 0;
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(guard(() => search(input.value)), 120); });
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown') { ev.preventDefault(); moveActive(1); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); moveActive(-1); }
      else if (ev.key === 'Enter') {
        ev.preventDefault();
        clearTimeout(timer);
        if (results.length && !$('#search-results').hidden) choose(Math.max(active, 0));
        else guard(async () => { await search(input.value); choose(0); })();
      } else if (ev.key === 'Escape') { $('#search-results').hidden = true; }
    });
    input.addEventListener('blur', () => setTimeout(() => { $('#search-results').hidden = true; }, 150));
    input.addEventListener('focus', () => { if (results.length && input.value) $('#search-results').hidden = false; });

    $('#drawer-close').addEventListener('click', closeDrawer);
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeDrawer(); });
    $('#graph-reset').addEventListener('click', guard(() => graph.selected && focus(graph.selected, { reset: true, timeline: false })));
    $('#tl-a').addEventListener('change', guard(() => loadCounterparts($('#tl-a').value)));
    $('#tl-b').addEventListener('change', guard(loadTimeline));
    $('#tl-kind').addEventListener('change', guard(() => $('#tl-a').value && loadTimeline()));
    $('#query-name').addEventListener('change', renderQueryParams);
    $('#query-form').addEventListener('submit', runQuery);
    window.addEventListener('hashchange', guard(fromHash));

    const [docs, qs] = await Promise.all([api('/api/documents?limit=0'), api('/api/queries')]);
    $('#stats').textContent = plural(docs.total, 'document') + ' in the graph';
    savedQueries = qs.queries;
    $('#query-name').replaceChildren(...savedQueries.map((q) => option(q.name, q.name)));
    renderQueryParams();
    await fromHash();
    document.body.dataset.ready = 'true';
  }

  async function fromHash() {
    const m = /^#iri=(.+)$/.exec(location.hash);
    if (!m) return;
    const iri = decodeURIComponent(m[1]);
    if (current && current.node.iri === iri) return;
    await focus(iri, { reset: true });
  }

  document.addEventListener('DOMContentLoaded', guard(start));
})();
