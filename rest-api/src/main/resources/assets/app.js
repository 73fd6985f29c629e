// The page: reads the API every two seconds (switches, health and forwards every third time),
// and shows nothing while the API refuses reads for want of a token.
import {ApiError, get, token, setToken, forgetToken} from './api.js';
import {setText} from './dom.js';
import {clock} from './format.js';
import {renderHealth, renderSwitches} from './overview.js';
import {Mappings} from './mappings.js';
import {Forwards} from './forwards.js';
import {Plots} from './plots.js';

const PERIOD_MS = 2000;
const SLOW_EVERY = 3;

const $ = (id) => document.getElementById(id);
const content = $('content');
const locked = $('locked');
const status = $('status');
const tokenForm = $('token-form');
const tokenInput = $('token');

const say = (text) => setText(status, text + ' · ' + clock());
const mappings = new Mappings(content, say);
const forwards = new Forwards(content, say);
const plots = new Plots($('plots'));

let ticks = 0;
let running = false;
let timer = null;

/** A read refused for the token: everything the API showed goes, and the token form says why. */
function lock(message) {
  content.hidden = true;
  mappings.clear();
  forwards.clear();
  plots.clear();
  $('switches').replaceChildren();
  $('checks').replaceChildren();
  setText($('health'), 'health: needs the token');
  $('health').className = 'badge';
  locked.hidden = false;
  setText(locked, token()
    ? 'The API refused the token (' + message + '). Enter the right one above.'
    : 'This controller shows nothing without its API token (api.protectReads). Enter it above.');
}

function unlock() {
  if (!locked.hidden) locked.hidden = true;
  if (content.hidden) {
    content.hidden = false;
    plots.views.forEach((v) => v.chart && v.chart.setSize(plots.size(v)));
  }
}

async function tick() {
  if (running) return;
  running = true;
  const slow = ticks++ % SLOW_EVERY === 0;
  const reads = [get('/api/stats').then((s) => { unlock(); plots.add(s); }), mappings.refresh()];
  if (slow) {
    reads.push(get('/ui/health').then((health) => renderHealth($('health'), $('checks'), health)));
    reads.push(get('/api/switches').then((s) => renderSwitches($('switches'), s)));
    reads.push(forwards.refresh());
  }
  try {
    const results = await Promise.allSettled(reads);
    const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    const refused = failed.find((e) => e instanceof ApiError && e.status === 401);
    if (refused) {
      lock(refused.message);
      setText(status, '');
    } else if (failed.length) {
      unlock();
      say('not all of it could be read: ' + failed[0].message);
    } else {
      unlock();
      say('updated');
    }
  } finally {
    running = false;
  }
}

function restart() {
  clearTimeout(timer);
  ticks = 0;
  const loop = async () => {
    await tick();
    timer = setTimeout(loop, PERIOD_MS);
  };
  loop();
}

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  try {
    setToken(tokenInput.value);
  } catch (err) {
    setText(locked, err.message);
    locked.hidden = false;
    return;
  }
  tokenInput.value = '';
  tokenInput.placeholder = 'token kept for this tab';
  say('token set for this tab');
  restart();
});

$('token-forget').addEventListener('click', () => {
  forgetToken();
  tokenInput.placeholder = '';
  say('token forgotten');
  restart();
});

if (token()) tokenInput.placeholder = 'token kept for this tab';
restart();
