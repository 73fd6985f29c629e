"""End-to-end: unsolicited inbound traffic under policy "reject" (configs/nat-reject.yml):
TCP gets a RST at once (connection refused), UDP an ICMP port unreachable; a port forward
still takes precedence. Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_nat_reject.py
"""

import re
import time

import pytest

from e2e import config, hosts
import topo

PUBLIC = topo.NAT_PUBLIC_IP
SRV = topo.SRV_IP
H3_MARKER = 'natflow-h3-page'


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-reject.yml')


@pytest.fixture(scope='module')
def h3_http(nat, host_procs, tmp_path_factory):
    return hosts.start_http_server(host_procs, nat.get('h3'), topo.LAN_HOSTS['h3'][0], 80, H3_MARKER,
                                 tmp_path_factory.mktemp('www'))


def test_unsolicited_tcp_gets_rst(nat, host_procs):
    srv = nat.get('srv')
    cap = host_procs.capture(srv, 'srv-eth0', 'tcp port 5555', verbose=False)
    started = time.monotonic()
    rc, out = hosts.host_run(srv, 'curl -sS --connect-timeout 5 --max-time 6 http://%s:5555/' % PUBLIC,
                           timeout=15)
    elapsed = time.monotonic() - started
    # curl exit 7 "Couldn't connect to server" is its message for ECONNREFUSED (a timeout is 28).
    assert rc == 7, 'expected connection refused (curl exit 7), got exit %d after %.1f s: %s' % (
        rc, elapsed, out)
    assert elapsed < 2.0, 'the RST should come at once, took %.1f s' % elapsed
    cap.wait_output('%s.5555 > ' % PUBLIC, 5, 'the RST from %s:5555 on srv' % PUBLIC)
    cap.stop()
    assert re.search(r'%s\.5555 > %s\.\d+: Flags \[R' % (re.escape(PUBLIC), re.escape(SRV)), cap.output()), \
        cap.output()


def test_unsolicited_udp_gets_port_unreachable(nat, host_procs):
    srv = nat.get('srv')
    cap = host_procs.capture(srv, 'srv-eth0', 'icmp', verbose=False)
    result = hosts.host_tool(srv, 'udp-client', '--dst', PUBLIC, '--port', 5556, '--count', 1,
                           '--timeout', 3)
    assert result['refused'] is True, 'no ICMP port unreachable from %s: %s' % (PUBLIC, result)
    cap.wait_output('udp port 5556 unreachable', 5)
    cap.stop()
    assert '%s > %s: ICMP %s udp port 5556 unreachable' % (PUBLIC, SRV, PUBLIC) in cap.output(), \
        cap.output()


def test_forward_still_wins_over_reject(nat, h3_http):
    srv = nat.get('srv')
    rc, body = hosts.curl(srv, 'http://%s:8080/' % PUBLIC)
    assert rc == 0 and H3_MARKER in body, (rc, body)
