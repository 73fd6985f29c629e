// Port forwards: the list, and one form that adds (POST) or, for an API forward being edited,
// replaces it (PUT). Errors are the API's own messages, shown next to the form: a 409 names the
// forward or mapping it conflicts with, a 422 lists what is wrong with the fields.
import {get, request} from './api.js';
import {h, fill, confirmButton} from './dom.js';
import {count, portRange} from './format.js';

const FIELDS = ['protocol', 'publicPort', 'internalAddress', 'internalPort', 'description', 'publicAddress'];

export class Forwards {
  constructor(root, onStatus) {
    this.tbody = root.querySelector('#forwards tbody');
    this.form = root.querySelector('#forward-form');
    this.title = root.querySelector('#forward-form-title');
    this.submit = root.querySelector('#forward-submit');
    this.cancel = root.querySelector('#forward-cancel');
    this.error = root.querySelector('#forward-error');
    this.onStatus = onStatus;
    this.editing = null;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.cancel.addEventListener('click', () => this.stopEditing());
  }

  async refresh() {
    const list = await get('/api/forwards');
    if (list.length === 0) {
      fill(this.tbody, h('tr', {}, h('td', {colspan: 8, class: 'empty'}, 'No forwards.')));
      return;
    }
    fill(this.tbody, list.map((f) => h('tr', {'data-forward-id': f.id},
      h('td', {}, f.id),
      h('td', {}, f.source === 'config' ? 'natflow.yml' : f.source),
      h('td', {}, f.protocol),
      h('td', {}, f.publicAddress + ':' + portRange(f.publicPort, f.publicPortEnd)),
      h('td', {}, f.internalAddress + ':' + portRange(f.internalPort, f.internalPortEnd)),
      h('td', {'data-field': 'description'}, f.description || ''),
      h('td', {class: 'num'}, count(f.activeSessions)),
      h('td', {class: 'actions'}, f.source === 'api' ? this.buttons(f) : h('span', {class: 'muted'}, 'read-only')))));
  }

  buttons(f) {
    const edit = h('button', {type: 'button', 'aria-label': 'Edit forward ' + f.id, onclick: () => this.edit(f)}, 'Edit');
    const del = confirmButton('Delete', 'Really delete?', () => this.remove(f.id));
    del.setAttribute('aria-label', 'Delete forward ' + f.id);
    return [edit, ' ', del];
  }

  edit(f) {
    this.editing = f.id;
    const values = {protocol: f.protocol, publicPort: portRange(f.publicPort, f.publicPortEnd),
      internalAddress: f.internalAddress, internalPort: portRange(f.internalPort, f.internalPortEnd),
      description: f.description || '', publicAddress: f.publicAddress};
    for (const k of FIELDS) this.form.elements[k].value = values[k];
    this.title.textContent = 'Edit forward ' + f.id;
    this.submit.textContent = 'Save forward ' + f.id;
    this.cancel.hidden = false;
    this.error.textContent = '';
    this.form.elements.publicPort.focus();
  }

  stopEditing() {
    this.editing = null;
    this.form.reset();
    this.title.textContent = 'Add a forward';
    this.submit.textContent = 'Add forward';
    this.cancel.hidden = true;
  }

  body() {
    const body = {};
    for (const k of FIELDS) {
      const v = String(this.form.elements[k].value).trim();
      if (v !== '' || k === 'publicPort' || k === 'internalPort' || k === 'internalAddress') body[k] = v;
    }
    return body;
  }

  async save() {
    this.error.textContent = '';
    this.submit.disabled = true;
    try {
      const saved = this.editing === null
        ? await request('POST', '/api/forwards', this.body())
        : await request('PUT', '/api/forwards/' + encodeURIComponent(this.editing), this.body());
      this.onStatus('forward ' + saved.id + (this.editing === null ? ' added' : ' saved'));
      this.stopEditing();
    } catch (e) {
      this.error.textContent = (e.status ? e.status + ': ' : '') + e.message;
    } finally {
      this.submit.disabled = false;
    }
    await this.refresh().catch(() => {});
  }

  async remove(id) {
    try {
      await request('DELETE', '/api/forwards/' + encodeURIComponent(id));
      if (this.editing === id) this.stopEditing();
      this.onStatus('forward ' + id + ' deleted');
    } catch (e) {
      this.error.textContent = 'cannot delete forward ' + id + ': ' + e.message;
    }
    await this.refresh().catch(() => {});
  }

  clear() {
    fill(this.tbody);
  }
}
