"""End-to-end: when the public ports run out, a new connection is refused (counted, never a
live mapping evicted), the refused host backs off in the switch while existing connections
keep working, and once a connection closes and its port leaves quarantine, new connections
work again. configs/nat-tiny-pool.yml: TCP ports 2000-2001 only, tcpTransitoryTimeout 3s,
quarantine 2s. Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_nat_exhaustion.py
"""

import subprocess

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
H2 = topo.LAN_HOSTS['h2'][0]
PORT = 5004


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-tiny-pool.yml')


def connects(host, sport):
    """True if a TCP connection from host:sport to srv gets its echo within 2 s."""
    rc, out = hosts.host_run(host, hosts.tool_args('tcp-hold', '--dst', SRV, '--port', PORT, '--sport', sport,
                                               '--timeout', 2, '--hold', 0), timeout=15)
    return rc == 0 and '"echoed"' in out


def stats():
    return rest.http_get_json('%s/api/stats' % config.REST_URL)


def test_exhausted_ports_refuse_then_recover(nat, host_procs):
    h1, h2, srv = nat.get('h1'), nat.get('h2'), nat.get('srv')
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', PORT)
    holders = [host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', PORT, '--sport', sport, '--hold', 60,
                               ready='"echoed"', stdin=subprocess.PIPE) for sport in (43000, 43001)]

    # A third connection: refused, and h2 backs off in the switch (a 2 s drop flow, so look
    # for it while the attempt is still retrying its SYN).
    attempt = host_procs.start(h2, hosts.tool_args('tcp-hold', '--dst', SRV, '--port', PORT, '--sport', 43002,
                                                 '--timeout', 2, '--hold', 0), name='refused')
    # TCP SYNs reach the controller from the WATCH table, so that is where h2's SYNs are dropped.
    backoff = waiting.wait_until(lambda: [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.WATCH_TABLE)
                                      if f.priority == 110 and f.match.get('nw_src') == H2], 3,
                             'a backoff (drop) flow for h2 after the refusal')
    assert 'hard_timeout=2' in backoff[0].text and 'actions=drop' in backoff[0].text, backoff
    assert backoff[0].match.get('tcp_flags') == '+syn-ack', 'only its new connections: %s' % backoff
    assert attempt.popen.wait(timeout=15) != 0, 'a third connection got a port from a pool of two'
    drops = stats()['drops']
    assert drops.get('PORTS_EXHAUSTED', 0) >= 1, drops
    live = [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
            if pipeline.is_mapping_cookie(f.cookie) and f.match.get('tp_src') in ('43000', '43001')]
    assert len(live) == 2, 'the two live mappings were kept: %s' % live

    holders[0].write_line('close')
    holders[0].wait_output('"closed"', 10, 'the first connection to close')
    # transitory timer (3 s) + expiry tick + quarantine (2 s) + the backoff's 2 s
    waiting.wait_until(lambda: connects(h2, 43003), 25, 'a new connection once a port is free again')
    holders[1].write_line('close')
