"""End-to-end: the natflow CLI (the ./natflow launcher) manages a port forward that works
from the WAN side at once, survives a controller restart (the forward store), and stops at
once when removed. Every wait polls with a bound; nothing sleeps a fixed time.

Run as root: /usr/bin/python3 -m pytest -v mininet/test_cli.py
"""

import json

import pytest

from e2e import hosts, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
H2 = topo.LAN_HOSTS['h2'][0]
PUBLIC_PORT = 9090
H2_PORT = 9000
MARKER = 'natflow-cli-forward-page'




@pytest.fixture(scope='module')
def h2_server(nat, host_procs, tmp_path_factory):
    return hosts.start_http_server(host_procs, nat.get('h2'), H2, H2_PORT, MARKER,
                                 tmp_path_factory.mktemp('www-cli'))


def fetch_through_forward(net, max_time=3):
    return hosts.curl(net.get('srv'), 'http://%s:%d/' % (PUBLIC, PUBLIC_PORT), timeout=max_time + 2)


def wait_fetch_ok(net, what):
    def ok():
        rc, body = fetch_through_forward(net)
        return body if rc == 0 and MARKER in body else None
    return waiting.wait_until(ok, 20, what, interval=0.5)


def api_forwards(cli):
    rc, out, err = cli('forwards', 'list', '--json')
    assert rc == 0, err
    return [f for f in json.loads(out) if f['source'] == 'api']


def router_ready(cli):
    rc, out, _err = cli('stats', '--json')
    if rc != 0:
        return None
    switches = json.loads(out)['switches']
    return switches and switches[0]['connected'] and switches[0]['gatewayResolved']


def test_cli_forward_works_survives_restart_and_stops(controller, nat, h2_server, cli):
    # Added with the CLI: works from the WAN side at once.
    rc, out, err = cli('forwards', 'add', 'tcp', PUBLIC_PORT, '%s:%d' % (H2, H2_PORT), '-d', 'cli e2e')
    assert rc == 0, err
    assert out.startswith('added forward '), out
    forwards = api_forwards(cli)
    assert len(forwards) == 1, forwards
    forward = forwards[0]
    assert (forward['publicPort'], forward['internalAddress'], forward['internalPort']) == \
        (PUBLIC_PORT, H2, H2_PORT), forward
    wait_fetch_ok(nat, 'srv -> %s:%d reaches h2:%d through the new forward' % (PUBLIC, PUBLIC_PORT, H2_PORT))
    assert any(line.startswith(topo.SRV_IP) for line in h2_server.output().splitlines()), h2_server.output()

    # The controller restarts: the forward comes back from the store and works again.
    controller.stop()
    controller.start()
    waiting.wait_until(lambda: router_ready(cli), 40, 's1 reconnected and the gateway resolved (natflow stats)')
    assert [f['id'] for f in api_forwards(cli)] == [forward['id']]
    wait_fetch_ok(nat, 'srv -> %s:%d reaches h2 again after the restart' % (PUBLIC, PUBLIC_PORT))

    # Removed with the CLI: stops at once; removing it again is a one-line error.
    rc, out, err = cli('forwards', 'rm', forward['id'])
    assert rc == 0, err
    rc, body = fetch_through_forward(nat, max_time=2)
    assert rc != 0 and MARKER not in body, (rc, body)
    rc, out, err = cli('forwards', 'rm', forward['id'])
    assert rc == 1 and err.startswith('natflow: HTTP 404') and len(err.strip().splitlines()) == 1, (rc, err)


def test_cli_unreachable_controller_is_one_line_error(cli):
    rc, _out, err = cli('switches', '--url', 'http://127.0.0.1:9')
    assert rc == 1, err
    assert err.startswith('natflow: cannot reach the natflow controller'), err
    assert len(err.strip().splitlines()) == 1, err
