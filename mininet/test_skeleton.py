"""End-to-end: the controller accepts the Open vSwitch switch, reports it over REST,
installs the table-miss flow, is healthy, and gets the switch back after a restart.

Every wait polls with a bound (e2e.waiting.wait_until); nothing sleeps a fixed time.
Run as root: /usr/bin/python3 -m pytest -v mininet/
"""

import re
import signal
from datetime import datetime

import pytest

from e2e import config, ovs, pipeline, waiting
import topo

CONNECT_TIMEOUT = 30       # switch listed over REST after it connects (OVS: 2-4 s)
FLOW_TIMEOUT = 15          # flows appear after the handshake
TABLE_MISS = 'priority=0 actions=CONTROLLER:65535'   # as ovs-ofctl shows it (for messages)


def expected_ports():
    """{number: (name, mac)} for s1's data ports, MACs as OVS reports them."""
    return {number: (name, ovs.mac_in_use(name))
            for number, name in sorted(topo.SWITCH_PORTS.items())}


def listed_switch(controller, want_ports=None):
    """The switch as GET /api/switches shows it, once it shows all data ports up."""
    sw = controller.switch(topo.DPID)
    if sw is None:
        return None
    ports = {p.get('number'): p for p in sw.get('ports', [])}
    for number, (name, _mac) in (want_ports or {}).items():
        port = ports.get(number)
        if port is None or port.get('name') != name or port.get('linkDown') is not False:
            return None
    return sw


def wait_switch_listed(controller, what='s1 listed by GET /api/switches with ports 1..4 up'):
    want = expected_ports()
    return wait_until_listed(controller, want, what), want


def wait_until_listed(controller, want, what):
    return waiting.wait_until(lambda: listed_switch(controller, want), CONNECT_TIMEOUT,
                          '%s (%d ports expected: %s)' % (what, len(want), want))


def table_miss_installed():
    return any(f.priority == 0 and not f.match and f.actions == 'CONTROLLER:65535'
               for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE))


def wait_table_miss(what='the table-miss flow "%s" in table 0 of s1' % TABLE_MISS):
    waiting.wait_until(table_miss_installed, FLOW_TIMEOUT, what)


def parse_instant(value):
    """connectedSince must be an ISO-8601 instant string, e.g. "2026-11-21T06:00:00Z"."""
    assert isinstance(value, str), (
        'connectedSince must be an ISO-8601 string like "2026-11-21T06:00:00Z", got %s %r '
        '(Jackson writes java.time.Instant as epoch seconds unless '
        'SerializationFeature.WRITE_DATES_AS_TIMESTAMPS is disabled)' % (type(value).__name__, value))
    instant = datetime.fromisoformat(value.replace('Z', '+00:00'))
    assert instant.tzinfo is not None, 'connectedSince without a zone: %r' % value
    return instant


def live_openflow_connections():
    """Local ports of established TCP connections to the controller's OpenFlow port."""
    out = ovs.run(['ss', '-Htn', 'state', 'established',
                   '( dport = :%d )' % config.OPENFLOW_PORT])
    return {int(line.split()[-2].rsplit(':', 1)[1]) for line in out.splitlines() if line.strip()}


def assert_remote_address_is_live(sw):
    """remoteAddress ("/127.0.0.1:40000") names the switch's live connection."""
    remote = sw['remoteAddress']
    assert re.fullmatch(r'/?127\.0\.0\.1:\d+', remote), remote
    port = int(remote.rsplit(':', 1)[1])
    waiting.wait_until(lambda: port in live_openflow_connections(), 5,
                   'an established TCP connection from 127.0.0.1:%d to :%d (remoteAddress %s)'
                   % (port, config.OPENFLOW_PORT, remote))


# --------------------------------------------------------------------------- tests

def test_switch_connects_and_is_listed(controller, network):
    sw, want = wait_switch_listed(controller)

    assert sw['datapathId'] == topo.DPID
    assert sw['ofVersion'] == 'OF_13'
    parse_instant(sw['connectedSince'])
    assert_remote_address_is_live(sw)

    ports = {p['number']: p for p in sw['ports']}
    for number, (name, mac) in want.items():
        port = ports[number]
        assert port['name'] == name, port
        assert port['mac'].lower() == mac, (port, 'ovs mac_in_use', mac)
        assert re.fullmatch(r'([0-9a-f]{2}:){5}[0-9a-f]{2}', port['mac']), port
        assert port['linkDown'] is False, port
        assert port['adminDown'] is False, port
    local = ports.get(ovs.OFPP_LOCAL)
    assert local is not None, 'LOCAL port %d missing: %s' % (ovs.OFPP_LOCAL, sw['ports'])
    assert local['name'] == topo.SWITCH_NAME, local
    assert set(ports) == set(want) | {ovs.OFPP_LOCAL}, sorted(ports)


def test_only_one_switch_listed(controller, network):
    wait_switch_listed(controller)
    dpids = [sw['datapathId'] for sw in controller.switches()]
    assert dpids == [topo.DPID], dpids


def test_table_miss_flow_installed(controller, network):
    wait_switch_listed(controller)
    wait_table_miss()


def test_admin_health_check_healthy(controller, network):
    wait_switch_listed(controller)

    def healthy():
        status, body = controller.health()
        if status != 200 or not isinstance(body, dict):
            return None
        if 'openflow-server' not in body or 'switches' not in body:
            return None
        return body if all(check.get('healthy') is True for check in body.values()) else None

    body = waiting.wait_until(healthy, 15, 'GET %s/healthcheck -> 200 with healthy '
                          '"openflow-server" and "switches" checks' % controller.admin_url)
    assert body['openflow-server']['healthy'] is True
    assert body['switches']['healthy'] is True


@pytest.mark.parametrize('how', [signal.SIGTERM, signal.SIGKILL], ids=['sigterm', 'sigkill'])
def test_controller_restart_switch_comes_back(controller, network, how):
    before, want = wait_switch_listed(controller)
    wait_table_miss()

    old_pid = controller.pid
    rc = controller.stop(how)
    assert rc is not None, 'controller pid %d did not exit' % old_pid
    # With fail-mode secure the switch keeps its flows while the controller is away.
    assert table_miss_installed(), [f.text for f in ovs.flows(topo.SWITCH_NAME)]

    controller.start()
    after = wait_until_listed(controller, want, 's1 listed again after the controller restart')
    wait_table_miss('the table-miss flow in table 0 after the controller restart')
    assert_remote_address_is_live(after)
    assert after['remoteAddress'] != before['remoteAddress'], 'same connection after restart?'
    assert parse_instant(after['connectedSince']) > parse_instant(before['connectedSince'])
    assert [sw['datapathId'] for sw in controller.switches()] == [topo.DPID]
