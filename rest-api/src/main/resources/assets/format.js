// Numbers and times as people read them.

const LOCAL_PORT = 4294967294;

export function count(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '';
}

export function bytes(n) {
  if (typeof n !== 'number') return '';
  if (n < 1024) return n + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return v.toFixed(v < 10 ? 1 : 0) + ' ' + units[i];
}

export function rate(n) {
  if (typeof n !== 'number' || !isFinite(n)) return '–';
  return n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}

/** "in 4m 10s" / "3s ago" from an ISO time. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (isNaN(t)) return '';
  const s = Math.round((t - now) / 1000);
  const text = duration(Math.abs(s));
  return s >= 0 ? 'in ' + text : text + ' ago';
}

function duration(s) {
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

export function portNumber(n) {
  return n === LOCAL_PORT ? 'LOCAL' : String(n);
}

export function portRange(first, last) {
  return first === last ? String(first) : first + '-' + last;
}

export function clock(date = new Date()) {
  return date.toLocaleTimeString('en-GB', {hour12: false});
}
