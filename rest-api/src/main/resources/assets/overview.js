// Health checks and the connected switches with their ports.
import {h, fill} from './dom.js';
import {portNumber, relative} from './format.js';

export function renderHealth(badge, list, health) {
  badge.textContent = health.healthy ? 'health: all checks pass' : 'health: problems';
  badge.className = 'badge ' + (health.healthy ? 'ok' : 'bad');
  fill(list, h('ul', {class: 'checks'}, health.checks.map((c) =>
    h('li', {class: c.healthy ? 'ok' : 'bad'},
      h('span', {class: 'mark', 'aria-hidden': 'true'}, c.healthy ? '✓' : '✗'),
      h('strong', {}, c.name), ' ', c.healthy ? 'healthy' : 'unhealthy',
      c.message ? ': ' + c.message : ''))));
}

export function renderSwitches(el, switches) {
  if (switches.length === 0) {
    fill(el, h('p', {class: 'empty'}, 'No switch is connected.'));
    return;
  }
  fill(el, switches.map((s) => h('article', {class: 'switch', 'data-dpid': s.datapathId},
    h('h3', {}, 'Switch ', s.datapathId),
    h('p', {class: 'meta'}, s.ofVersion, ' · from ', s.remoteAddress, ' · connected ',
      relative(s.connectedSince)),
    h('div', {class: 'scroll'}, h('table', {class: 'ports'},
      h('caption', {}, s.ports.length, ' ports'),
      h('thead', {}, h('tr', {}, ['Port', 'Name', 'MAC', 'State'].map((t) => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, s.ports.map((p) => h('tr', {},
        h('td', {}, portNumber(p.number)), h('td', {}, p.name), h('td', {class: 'mono'}, p.mac),
        h('td', {class: p.linkDown || p.adminDown ? 'bad' : 'ok'},
          p.adminDown ? 'admin down' : p.linkDown ? 'link down' : 'up')))))))));
}
