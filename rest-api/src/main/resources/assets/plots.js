// Live plots (uPlot, from the jar) of successive GET /api/stats samples. The API gives totals
// since start; rates are the difference of two samples over their time apart, so they are the
// rate of the last interval, not the API's smoothed window.
import {h, fill, setText} from './dom.js';
import {rate} from './format.js';

const KEEP = 180; // samples per plot: 6 minutes at one every 2 s
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** What each plot shows: a title, a unit for its axis, and how to read one sample into named values. */
const PLOTS = [
  {id: 'setups', title: 'Session setups and packet-ins per second', unit: '/s',
    read: (s, p, dt) => p && {'session setups/s': delta(s.totals.sessionSetups, p.totals.sessionSetups, dt),
      'packet-ins/s': delta(s.totals.packetIns, p.totals.packetIns, dt)}},
  {id: 'drops', title: 'Drops per second by reason', unit: '/s', read: dropRates},
  {id: 'pool', title: 'Port-pool use per public address (%)', unit: '%', read: poolUse},
  {id: 'mappings', title: 'Live mappings', unit: '', read: (s) => {
    const out = {all: s.mappings};
    for (const [proto, n] of Object.entries(s.mappingsByProtocol || {})) out[proto.toLowerCase()] = n;
    return out;
  }},
];

function delta(now, before, dt) {
  const d = now - before;
  return d >= 0 ? d / dt : null; // a restarted controller counts from zero again: no rate for that gap
}

function dropRates(s, p, dt) {
  if (!p) return null;
  const out = {'all reasons': 0};
  for (const [reason, n] of Object.entries(s.drops || {})) {
    const r = delta(n, p.drops[reason] || 0, dt);
    if (r === null) return null;
    if (r > 0 || n > 0) out[reason] = r;
    out['all reasons'] += r;
  }
  return out;
}

function poolUse(s) {
  const out = {};
  const several = s.switches.length > 1;
  for (const sw of s.switches) {
    for (const u of sw.ports) {
      if (u.rangeSize === 0) continue;
      const key = (several ? sw.datapathId + ' ' : '') + u.publicAddress + ' ' + u.protocol.toLowerCase();
      out[key] = 100 * (u.rangeSize - u.free) / u.rangeSize;
    }
  }
  return out;
}

export class Plots {
  constructor(el) {
    this.el = el;
    this.previous = null;
    this.times = [];
    this.views = PLOTS.map((def) => this.view(def));
    if ('ResizeObserver' in window) {
      new ResizeObserver(() => this.views.forEach((v) => v.chart && v.chart.setSize(this.size(v)))).observe(el);
    }
  }

  view(def) {
    const box = h('div', {class: 'chart', 'data-plot': def.id});
    const summary = h('p', {class: 'summary', 'aria-live': 'off'});
    const figure = h('figure', {class: 'plot'}, h('figcaption', {}, def.title), box, summary);
    this.el.append(figure);
    return {def, box, summary, history: [], keys: [], chart: null};
  }

  size(v) {
    return {width: Math.max(240, v.box.clientWidth), height: 200};
  }

  add(stats) {
    const t = Date.parse(stats.at) / 1000;
    if (this.previous && !(t > this.previous.t)) return;
    const dt = this.previous ? t - this.previous.t : 0;
    this.times.push(t);
    for (const v of this.views) {
      v.history.push(v.def.read(stats, this.previous && this.previous.stats, dt) || {});
      if (v.history.length > KEEP) v.history.shift();
    }
    if (this.times.length > KEEP) this.times.shift();
    this.previous = {t, stats};
    this.views.forEach((v) => this.draw(v));
  }

  draw(v) {
    const keys = [...new Set(v.history.flatMap((values) => Object.keys(values)))];
    const data = [this.times.slice()].concat(keys.map((k) => v.history.map((values) => k in values ? values[k] : null)));
    if (!v.chart || keys.join('\n') !== v.keys.join('\n')) {
      if (v.chart) v.chart.destroy();
      v.keys = keys;
      v.chart = new uPlot(this.options(v, keys), data, v.box);
    } else {
      v.chart.setData(data);
    }
    const last = v.history[v.history.length - 1];
    setText(v.summary, keys.length === 0 ? 'waiting for a second sample'
      : 'now: ' + keys.map((k) => k + ' ' + (k in last ? rate(last[k]) + v.def.unit : '–')).join(', '));
  }

  options(v, keys) {
    return Object.assign(this.size(v), {
      series: [{}].concat(keys.map((k, i) => ({label: k, stroke: COLOURS[i % COLOURS.length], width: 2,
        value: (u, x) => x === null ? '–' : rate(x)}))),
      scales: {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(1, max * 1.1)]}},
      axes: [{}, {size: 60}],
      legend: {live: true},
      cursor: {drag: {x: false, y: false}},
    });
  }

  clear() {
    this.previous = null;
    this.times = [];
    for (const v of this.views) {
      if (v.chart) v.chart.destroy();
      v.chart = null;
      v.history = [];
      v.keys = [];
      fill(v.box);
      setText(v.summary, '');
    }
  }
}
