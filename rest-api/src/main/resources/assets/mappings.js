// Live mappings: filtered and paged by the API, counters read per visible row from
// GET /api/mappings/{id} (the switch's flow stats), rows kept by id so focus survives a refresh.
import {ApiError, get, request} from './api.js';
import {h, setText, confirmButton, fill} from './dom.js';
import {bytes, count, relative} from './format.js';

const COUNTER_READS_AT_ONCE = 4;
const FIELDS = ['id', 'protocol', 'internal', 'public', 'remote', 'state', 'origin',
  'outPackets', 'outBytes', 'inPackets', 'inBytes', 'expires'];

export class Mappings {
  constructor(root, onStatus) {
    this.form = root.querySelector('#mapping-filter');
    this.tbody = root.querySelector('#mappings tbody');
    this.summary = root.querySelector('#mapping-summary');
    this.error = root.querySelector('#mapping-error');
    this.prev = root.querySelector('#mapping-prev');
    this.next = root.querySelector('#mapping-next');
    this.onStatus = onStatus;
    this.rows = new Map();
    this.offset = 0;
    this.matched = 0;
    this.query = this.readForm();
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.query = this.readForm();
      this.offset = 0;
      this.refresh().catch(() => {});
    });
    this.prev.addEventListener('click', () => this.page(-1));
    this.next.addEventListener('click', () => this.page(1));
  }

  readForm() {
    const f = new FormData(this.form);
    return {protocol: f.get('protocol'), internal: String(f.get('internal')).trim(),
      publicPort: String(f.get('publicPort')).trim(), limit: Number(f.get('limit'))};
  }

  page(direction) {
    this.offset = Math.max(0, this.offset + direction * this.query.limit);
    this.refresh().catch(() => {});
  }

  url() {
    const p = new URLSearchParams({offset: String(this.offset), limit: String(this.query.limit)});
    for (const k of ['protocol', 'internal', 'publicPort']) if (this.query[k]) p.set(k, this.query[k]);
    return '/api/mappings?' + p.toString();
  }

  async refresh() {
    let page;
    try {
      page = await get(this.url());
    } catch (e) {
      // A bad filter is the API's 400 with its reason; anything else the caller reports.
      if (e instanceof ApiError && e.status === 400) {
        this.error.textContent = e.message;
        return;
      }
      throw e;
    }
    this.error.textContent = '';
    if (page.items.length === 0 && this.offset > 0 && page.matched > 0) {
      this.offset = Math.max(0, Math.floor((page.matched - 1) / this.query.limit) * this.query.limit);
      return this.refresh();
    }
    this.matched = page.matched;
    this.render(page);
    await this.readCounters(page.items.map((m) => m.id));
  }

  render(page) {
    const first = page.items.length ? page.offset + 1 : 0;
    setText(this.summary, page.matched === 0
      ? (page.total === 0 ? 'No live mappings.' : 'No mapping matches (' + count(page.total) + ' live).')
      : 'Mappings ' + first + '–' + (page.offset + page.items.length) + ' of ' + count(page.matched)
        + ' matching (' + count(page.total) + ' live)');
    this.prev.disabled = page.offset === 0;
    this.next.disabled = page.offset + page.items.length >= page.matched;
    const keep = new Set(page.items.map((m) => m.id));
    for (const [id, row] of this.rows) {
      if (!keep.has(id)) { row.tr.remove(); this.rows.delete(id); }
    }
    page.items.forEach((m, i) => {
      let row = this.rows.get(m.id);
      if (!row) { row = this.newRow(m); this.rows.set(m.id, row); }
      const values = {id: m.id, protocol: m.protocol, internal: m.internalAddress + ':' + m.internalPort,
        public: m.publicAddress + ':' + m.publicPort, remote: remotes(m.remotes), state: m.tcpState || '',
        origin: m.origin, expires: relative(m.expiresAt)};
      for (const [k, v] of Object.entries(values)) setText(row.cells[k], v);
      if (this.tbody.children[i] !== row.tr) this.tbody.insertBefore(row.tr, this.tbody.children[i] || null);
    });
  }

  newRow(m) {
    const cells = {};
    const tr = h('tr', {'data-mapping-id': m.id});
    for (const f of FIELDS) {
      cells[f] = h('td', {'data-field': f, class: f.startsWith('out') || f.startsWith('in') ? 'num' : null});
      tr.append(cells[f]);
    }
    const label = 'Delete mapping ' + m.id;
    const del = confirmButton('Delete', 'Really delete?', () => this.remove(m.id));
    del.setAttribute('aria-label', label);
    tr.append(h('td', {}, del));
    return {tr, cells};
  }

  async remove(id) {
    try {
      await request('DELETE', '/api/mappings/' + encodeURIComponent(id));
      this.onStatus('mapping ' + id + ' deleted');
    } catch (e) {
      this.error.textContent = 'cannot delete mapping ' + id + ': ' + e.message;
    }
    await this.refresh().catch(() => {});
  }

  async readCounters(ids) {
    const queue = ids.slice();
    const worker = async () => {
      while (queue.length) {
        const id = queue.shift();
        try {
          const detail = await get('/api/mappings/' + encodeURIComponent(id));
          this.showCounters(id, detail.counters);
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) continue; // it ended since the list was read
          if (e instanceof ApiError && e.status === 401) throw e;
        }
      }
    };
    await Promise.all(Array.from({length: COUNTER_READS_AT_ONCE}, worker));
  }

  showCounters(id, c) {
    const row = this.rows.get(id);
    if (!row) return;
    const known = c.source === 'switch';
    setText(row.cells.outPackets, known ? count(c.outbound.packets) : '?');
    setText(row.cells.outBytes, known ? bytes(c.outbound.bytes) : '?');
    setText(row.cells.inPackets, known ? count(c.inbound.packets) : '?');
    setText(row.cells.inBytes, known ? bytes(c.inbound.bytes) : '?');
    row.tr.title = known ? '' : 'counters unavailable: the switch did not answer';
  }

  clear() {
    this.rows.clear();
    fill(this.tbody);
    setText(this.summary, '');
  }
}

function remotes(list) {
  if (!list || list.length === 0) return '';
  return list.length === 1 ? list[0] : list[0] + ' +' + (list.length - 1);
}
