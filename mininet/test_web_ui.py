"""End-to-end: the web page at http://127.0.0.1:8080/ in a real headless Chromium (Debian's
chromium + chromium-driver, driven by Selenium) against the controller with Mininet traffic:
the live mapping of a curl from h1 is listed with counters that grow and is deleted from the
page; a forward added through the form is in GET /api/forwards and works from srv, is edited
and deleted from the page; a conflicting one shows the API's 409 message next to the form;
text from the API stays text; the plots render (screenshots are saved and their pixels
checked); with api.token + protectReads nothing is shown before the token is entered.

Screenshots go to $NATFLOW_ARTIFACTS (default <repo>/var/test-artifacts/). Run as root:

    /usr/bin/python3 -m pytest -v mininet/test_web_ui.py
"""

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from e2e import config, hosts, rest, waiting
from e2e.controller import ControllerProcess
import topo

selenium = pytest.importorskip('selenium', reason='python3-selenium is not installed (./setup.sh installs it)')
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
PAGE = config.REST_URL + '/'
SRV = topo.SRV_IP
H1 = topo.LAN_HOSTS['h1'][0]
H2 = topo.LAN_HOSTS['h2'][0]
PUBLIC = topo.NAT_PUBLIC_IP
SRV_HTTP_PORT = 5080
CURL_SPORT = 43210
FORWARD_PORT = 9191
H2_PORTS = (9000, 9001)
TOKEN = 'web-ui-test-token-7f3a'
ARTIFACTS = Path(os.environ.get('NATFLOW_ARTIFACTS') or config.REPO_ROOT / 'var' / 'test-artifacts')
SERIES_COLOURS = [(0x1f, 0x77, 0xb4), (0xd6, 0x27, 0x28)]  # plots.js COLOURS[0], [1]


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope='module')
def browser():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            pytest.fail('%s is missing (Debian packages chromium, chromium-driver; ./setup.sh installs them)'
                        % path, pytrace=False)
    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix='natflow-chromium-')
    # The network is closed: without these Chromium stalls on update, sync and QUIC probes.
    for arg in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                '--disable-dev-shm-usage', '--window-size=1280,1400', '--user-data-dir=' + profile):
        options.add_argument(arg)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope='module')
def page(nat, browser):
    browser.get(PAGE)
    wait_js(browser, "return !document.getElementById('content').hidden", 15, 'the page to show the API data')
    return browser


@pytest.fixture(scope='module')
def slow_curl(nat, host_procs, tmp_path_factory):
    """A curl from h1 (fixed source port) that downloads slowly from srv: a live TCP mapping whose
    counters keep growing for the whole module."""
    server = hosts.start_http_server(host_procs, nat.get('srv'), SRV, SRV_HTTP_PORT, 'big file here',
                                   tmp_path_factory.mktemp('www-web'))
    root = Path(server.args[server.args.index('--directory') + 1])
    (root / 'big.bin').write_bytes(os.urandom(4 * 1024 * 1024))
    return host_procs.start(nat.get('h1'), ['curl', '-sS', '--local-port', str(CURL_SPORT), '--limit-rate', '20k',
                                            '-o', '/dev/null', 'http://%s:%d/big.bin' % (SRV, SRV_HTTP_PORT)],
                            name='curl-slow')


@pytest.fixture(scope='module')
def h2_servers(nat, host_procs, tmp_path_factory):
    return [hosts.start_http_server(host_procs, nat.get('h2'), H2, port, 'h2 page %d' % port,
                                  tmp_path_factory.mktemp('www-h2-%d' % port)) for port in H2_PORTS]


# --------------------------------------------------------------------------- helpers

def wait_js(driver, script, timeout, what, *args):
    return waiting.wait_until(lambda: driver.execute_script(script, *args), timeout, what, interval=0.3)




ROW_OF_INTERNAL = """
const row = [...document.querySelectorAll('#mappings tbody tr')]
  .find((r) => r.querySelector('[data-field=internal]').textContent === arguments[0]);
return row ? Object.fromEntries([...row.querySelectorAll('[data-field]')].map((td) => [td.dataset.field, td.textContent]))
           : null;
"""


def number(text):
    return int(text.replace(',', '')) if text and text.replace(',', '').isdigit() else -1


def fill_forward_form(driver, **fields):
    form = driver.find_element(By.ID, 'forward-form')
    for name, value in fields.items():
        element = form.find_element(By.NAME, name)
        if element.tag_name == 'select':
            Select(element).select_by_visible_text(str(value))
        else:
            element.clear()
            element.send_keys(str(value))
    return form


def forward_error(driver):
    return driver.find_element(By.ID, 'forward-error').text


def fetch_from_srv(net, port):
    rc, body = hosts.curl(net.get('srv'), 'http://%s:%d/' % (PUBLIC, port), timeout=5)
    return body if rc == 0 else None


def api_forward(public_port):
    status, forwards = rest.api('GET', '/api/forwards')
    assert status == 200, forwards
    found = [f for f in forwards if f['source'] == 'api' and f['publicPort'] == public_port]
    return found[0] if found else None


def click_twice(driver, label):
    """The page's delete buttons ask once more: the first press arms, the second acts."""
    button = driver.find_element(By.CSS_SELECTOR, 'button[aria-label="%s"]' % label)
    button.click()
    waiting.wait_until(lambda: button.text == 'Really delete?', 3, 'the %s button to ask again' % label)
    button.click()


def png_rgb(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB(A), non-interlaced PNG (what Chromium saves)."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat = 8, b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, colour, _c, _f, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        elif kind == b'IEND':
            break
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind != 0:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                up = previous[x]
                if kind == 1:
                    line[x] = (line[x] + left) & 255
                elif kind == 3:
                    line[x] = (line[x] + (left + up) // 2) & 255
                else:
                    corner = previous[x - bpp] if x >= bpp else 0
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        previous = line
    return width, height, rows


def near(pixel, colour, tolerance=10):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def save(name, data):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(data)
    print('\n[web] screenshot: %s (%d bytes)' % (path, len(data)))
    return path


# --------------------------------------------------------------------------- tests

def test_page_lists_the_live_mapping_of_a_curl_with_growing_counters(page, slow_curl):
    internal = '%s:%d' % (H1, CURL_SPORT)
    m = waiting.wait_until(lambda: rest.mapping_of('tcp', H1, CURL_SPORT), 15, 'the curl mapping %s in the API' % internal)
    first = wait_js(page, ROW_OF_INTERNAL, 15, 'the curl mapping %s on the page' % internal, internal)
    assert first['id'] == str(m['id']) and first['public'] == '%s:%d' % (PUBLIC, m['publicPort']), (first, m)
    assert first['protocol'] == 'tcp' and first['remote'].startswith('%s:%d' % (SRV, SRV_HTTP_PORT)), first

    def counted():
        row = page.execute_script(ROW_OF_INTERNAL, internal)
        return row if number(row['outPackets']) > 0 and number(row['inPackets']) > 0 else None
    before = waiting.wait_until(counted, 15, 'packet counters of %s on the page' % internal)

    def grown():
        row = page.execute_script(ROW_OF_INTERNAL, internal)
        return row if number(row['inPackets']) > number(before['inPackets']) \
            and number(row['outPackets']) > number(before['outPackets']) else None
    after = waiting.wait_until(grown, 20, 'the counters of %s to grow on the page (were %s)' % (internal, before))
    print('\n[web] mapping %s counters on the page: in %s -> %s packets, out %s -> %s packets'
          % (first['id'], before['inPackets'], after['inPackets'], before['outPackets'], after['outPackets']))


def test_mapping_filters_are_the_apis(page, slow_curl):
    form = page.find_element(By.ID, 'mapping-filter')
    internal = form.find_element(By.NAME, 'internal')
    internal.clear()
    internal.send_keys(H2 + Keys.ENTER)  # Enter in a field submits: keyboard only
    wait_js(page, "return document.getElementById('mapping-summary').textContent.startsWith('No mapping matches')",
            10, 'the filter internal=%s to match nothing' % H2)
    assert page.execute_script(ROW_OF_INTERNAL, '%s:%d' % (H1, CURL_SPORT)) is None
    internal.clear()
    internal.send_keys('10.0.0.300' + Keys.ENTER)
    wait_js(page, "return document.getElementById('mapping-error').textContent.includes('10.0.0.300')",
            10, "the API's 400 for a bad internal filter next to the filters")
    internal.clear()
    internal.send_keys(H1 + Keys.ENTER)
    wait_js(page, ROW_OF_INTERNAL, 10, 'the curl mapping back with internal=%s' % H1, '%s:%d' % (H1, CURL_SPORT))
    assert page.find_element(By.ID, 'mapping-error').text == ''


def test_forward_added_edited_and_deleted_through_the_form(nat, page, h2_servers):
    fill_forward_form(page, protocol='tcp', publicPort=FORWARD_PORT, internalAddress=H2,
                      internalPort=H2_PORTS[0], description='web form e2e')
    page.find_element(By.ID, 'forward-submit').click()
    forward = waiting.wait_until(lambda: api_forward(FORWARD_PORT), 10, 'the form\'s forward in GET /api/forwards')
    assert (forward['internalAddress'], forward['internalPort'], forward['description']) == \
        (H2, H2_PORTS[0], 'web form e2e'), forward
    assert forward_error(page) == ''
    body = waiting.wait_until(lambda: fetch_from_srv(nat, FORWARD_PORT), 20,
                          'srv -> %s:%d through the new forward' % (PUBLIC, FORWARD_PORT), interval=0.5)
    assert 'h2 page %d' % H2_PORTS[0] in body, body
    wait_js(page, "return document.querySelector('#forwards tr[data-forward-id=\"' + arguments[0] + '\"]')",
            10, 'forward %s listed on the page' % forward['id'], forward['id'])

    # Edit: the form becomes a PUT of that forward; the new internal port takes effect at once.
    page.find_element(By.CSS_SELECTOR, 'button[aria-label="Edit forward %s"]' % forward['id']).click()
    assert page.switch_to.active_element.get_attribute('name') == 'publicPort', 'focus moves to the form'
    fill_forward_form(page, internalPort=H2_PORTS[1])
    page.find_element(By.ID, 'forward-submit').click()
    waiting.wait_until(lambda: rest.api('GET', '/api/forwards/' + forward['id'])[1].get('internalPort') == H2_PORTS[1],
                   10, 'forward %s to point at port %d' % (forward['id'], H2_PORTS[1]))
    body = waiting.wait_until(lambda: (fetch_from_srv(nat, FORWARD_PORT) or '').find('h2 page %d' % H2_PORTS[1]) >= 0,
                          20, 'srv reaching h2:%d through the edited forward' % H2_PORTS[1], interval=0.5)
    assert page.find_element(By.ID, 'forward-form-title').text == 'Add a forward'

    click_twice(page, 'Delete forward %s' % forward['id'])
    waiting.wait_until(lambda: rest.api('GET', '/api/forwards/' + forward['id'])[0] == 404, 10,
                   'forward %s to be gone from the API' % forward['id'])
    wait_js(page, "return !document.querySelector('#forwards tr[data-forward-id=\"' + arguments[0] + '\"]')",
            10, 'forward %s gone from the page' % forward['id'], forward['id'])


def test_a_conflicting_forward_shows_the_apis_409_next_to_the_form(page):
    before = rest.api('GET', '/api/forwards')[1]
    body = {'protocol': 'tcp', 'publicPort': '8080', 'internalAddress': H2, 'internalPort': '9000'}
    fill_forward_form(page, **body)
    page.find_element(By.ID, 'forward-submit').click()
    shown = waiting.wait_until(lambda: forward_error(page), 10, 'an error next to the forward form')
    status, answer = rest.api('POST', '/api/forwards', body)
    assert status == 409, answer
    assert shown == '409: ' + answer['message'], (shown, answer)
    assert 'config-1' in shown, 'the message names the forward it conflicts with: ' + shown
    assert rest.api('GET', '/api/forwards')[1] == before, 'nothing changed'
    # The API's field validation (422) shows its messages the same way.
    fill_forward_form(page, publicPort='70000')
    page.find_element(By.ID, 'forward-submit').click()
    waiting.wait_until(lambda: forward_error(page).startswith('422: ') and 'publicPort' in forward_error(page), 10,
                   "the API's 422 naming publicPort next to the form")


def test_text_from_the_api_never_becomes_markup(page):
    markup = '<img src=x id=natflow-xss onerror=alert(1)><b>bold</b>'
    status, forward = rest.api('POST', '/api/forwards', {'protocol': 'udp', 'publicPort': 9292, 'internalAddress': H2,
                                                     'internalPort': 9292, 'description': markup})
    assert status == 201, forward
    try:
        cell = wait_js(page, "const r = document.querySelector('#forwards tr[data-forward-id=\"' + arguments[0] + '\"]');"
                       "return r && r.querySelector('[data-field=description]').textContent", 10,
                       'the forward with markup in its description on the page', forward['id'])
        assert cell == markup
        assert page.execute_script("return document.getElementById('natflow-xss') === null"
                                   " && document.querySelectorAll('#forwards b').length === 0")
        with pytest.raises(NoAlertPresentException):
            page.switch_to.alert.text  # noqa: B018 - an onerror handler that ran would have opened one
    finally:
        rest.api('DELETE', '/api/forwards/' + forward['id'])


def test_plots_render_live(page, slow_curl):
    plots = ['setups', 'drops', 'pool', 'mappings']
    wait_js(page, "return arguments[0].every((id) => {"
                  " const f = document.querySelector('[data-plot=' + id + ']');"
                  " return f && f.querySelector('canvas') && f.parentNode.querySelector('.summary').textContent.startsWith('now:'); })",
            20, 'all four plots drawn with a current value', plots)
    mappings_now = page.execute_script(
        "return document.querySelector('[data-plot=mappings]').parentNode.querySelector('.summary').textContent")
    assert 'all ' in mappings_now and 'all 0' not in mappings_now, mappings_now
    assert page.execute_script("return document.querySelectorAll('#plots canvas').length") == len(plots), \
        'one canvas per plot'
    # The plots stay up while samples keep arriving (each redraw replaces the data, not the chart).
    waiting.assert_never(lambda: len(page.find_elements(By.CSS_SELECTOR, '#plots canvas')) != len(plots), 6,
                     'a plot to disappear while samples arrive')
    section = page.find_element(By.ID, 'plots')
    plot_png = section.screenshot_as_png
    save('web-ui-plots.png', plot_png)
    width, height, rows = png_rgb(plot_png)
    assert width >= 600 and height >= 400, (width, height)
    pixels = [p for row in rows[::2] for p in row[::2]]
    colours = {(r >> 3, g >> 3, b >> 3) for r, g, b in pixels}
    ink = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
    print('[web] plots screenshot %dx%d: %d colours (5 bits/channel), %.1f %% not white' %
          (width, height, len(colours), 100 * ink))
    assert len(colours) > 30, 'axes, text and coloured series, not a blank area: %d colours' % len(colours)
    assert 0.02 < ink < 0.9, ink
    for colour in SERIES_COLOURS:
        assert sum(1 for p in pixels if near(p, colour)) > 50, 'a plotted series in %s' % (colour,)

    page.set_window_size(1280, page.execute_script('return document.documentElement.scrollHeight') + 120)
    full = page.get_screenshot_as_png()
    save('web-ui.png', full)
    width, height, _rows = png_rgb(full)
    assert width >= 1200 and height >= 1400 and len(full) > 50000, (width, height, len(full))

    # Phone width: the page itself does not scroll sideways (wide tables scroll in their own box).
    page.set_window_size(390, 2400)
    waiting.wait_until(lambda: page.execute_script('return window.innerWidth') <= 400, 5, 'a phone-width window')
    overflow = page.execute_script('return document.documentElement.scrollWidth - window.innerWidth')
    save('web-ui-phone.png', page.get_screenshot_as_png())
    page.set_window_size(1280, 1400)
    assert overflow <= 0, 'the page is %d px wider than a 390 px window' % overflow


def test_controls_are_labelled_buttons_and_fields(page):
    unlabelled = page.execute_script(
        "return [...document.querySelectorAll('input, select')].filter((e) => e.labels.length === 0"
        " && !e.getAttribute('aria-label')).map((e) => e.name || e.id)")
    assert unlabelled == [], unlabelled
    clickable = page.execute_script(
        "return [...document.querySelectorAll('[onclick], a:not([href])')].length")
    assert clickable == 0, 'actions are <button>s'
    assert page.execute_script("return [...document.querySelectorAll('button')].every((b) => b.type)")


def test_page_deletes_a_mapping(page, slow_curl):
    m = waiting.wait_until(lambda: rest.mapping_of('tcp', H1, CURL_SPORT), 10, 'the curl mapping in the API')
    wait_js(page, "return document.querySelector('button[aria-label=\"Delete mapping ' + arguments[0] + '\"]')",
            10, 'the delete button of mapping %d' % m['id'], m['id'])
    click_twice(page, 'Delete mapping %d' % m['id'])
    waiting.wait_until(lambda: rest.api('GET', '/api/mappings/%d' % m['id'])[0] == 404, 10,
                   'mapping %d to be gone after the page deleted it' % m['id'])
    wait_js(page, "return !document.querySelector('#mappings tr[data-mapping-id=\"' + arguments[0] + '\"]')",
            10, 'mapping %d gone from the page' % m['id'], m['id'])


def guarded_config(source, target):
    text = Path(source).read_text()
    open_api = '  # token: change-me\n  protectReads: false\n'
    assert open_api in text, 'the api: block of %s is not the default one; cannot add a token' % source
    target.write_text(text.replace(open_api, '  token: %s\n  protectReads: true\n' % TOKEN))
    return target


def start_guarded_controller(controller, workdir):
    """natflow with api.token and protectReads on the module's ports. ControllerProcess.start
    polls the API without a token (a 401 here), so this starts it the same way and polls with one."""
    ctl = ControllerProcess(controller.jar, guarded_config(controller.config, workdir / 'guarded.yml'), workdir)
    with open(ctl.log_path, 'a') as log:
        ctl.proc = subprocess.Popen([ctl.java, '-jar', str(ctl.jar), 'server', str(ctl.config)], cwd=ctl.workdir,
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    waiting.wait_until(lambda: rest.api('GET', '/api/switches', token=TOKEN)[0] == 200 and rest.api('GET', '/api/switches')[0] == 401,
                   60, 'the guarded controller (pid %d, log %s)' % (ctl.pid, ctl.log_path))
    return ctl


def test_with_protect_reads_nothing_is_shown_before_the_token(controller, nat, browser, tmp_path_factory):
    controller.stop()
    guarded = None
    try:
        guarded = start_guarded_controller(controller, tmp_path_factory.mktemp('natflow-guarded'))
        waiting.wait_until(lambda: any(s['datapathId'] == topo.DPID for s in rest.api('GET', '/api/switches', token=TOKEN)[1]),
                       30, 's1 connected to the guarded controller')
        browser.execute_script('sessionStorage.clear()')
        browser.get(PAGE)
        wait_js(browser, "const l = document.getElementById('locked');"
                         "return !l.hidden && l.textContent.includes('api.protectReads')", 15,
                'the page to say it needs the token')
        shown = browser.execute_script(
            "return {content: !document.getElementById('content').hidden,"
            " rows: document.querySelectorAll('main tbody tr').length,"
            " switches: document.getElementById('switches').childElementCount,"
            " checks: document.getElementById('checks').childElementCount,"
            " canvases: document.querySelectorAll('canvas').length,"
            " text: document.body.innerText}")
        assert not shown['content'] and shown['rows'] == 0 and shown['switches'] == 0 and shown['checks'] == 0 \
            and shown['canvases'] == 0, shown
        assert topo.DPID not in shown['text'] and PUBLIC not in shown['text'], shown['text']

        token = browser.find_element(By.ID, 'token')
        token.send_keys('wrong-token' + Keys.ENTER)
        wait_js(browser, "return document.getElementById('locked').textContent.includes('refused the token')", 10,
                'the page to say the token was refused')
        assert browser.find_elements(By.CSS_SELECTOR, '#switches article') == []

        token.send_keys(TOKEN + Keys.ENTER)
        wait_js(browser, "return document.querySelector('#switches article[data-dpid=\"' + arguments[0] + '\"]')"
                         " && document.getElementById('locked').hidden", 15, 's1 on the page once the token is in',
                topo.DPID)
        wait_js(browser, "return document.querySelector('#forwards tr[data-forward-id=\"config-1\"]')", 10,
                'the forwards once the token is in')
        assert TOKEN not in browser.current_url
        assert browser.execute_script("return sessionStorage.getItem('natflow.token')") == TOKEN
        assert token.get_attribute('value') == '', 'the field is emptied; the token stays in the tab only'
        assert TOKEN not in guarded.log_text(), 'the token never appears in a request line'

        browser.find_element(By.ID, 'token-forget').click()
        wait_js(browser, "return document.getElementById('content').hidden"
                         " && document.querySelectorAll('main tbody tr').length === 0", 10,
                'the page to hide everything once the token is forgotten')
    finally:
        if guarded is not None:
            guarded.stop()
        controller.start()
