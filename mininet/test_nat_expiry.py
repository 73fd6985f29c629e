"""End-to-end: mappings go away after their connection closes or idles out, and then
return traffic to the old public port no longer reaches the LAN host. Short timers from
configs/nat-short-timers.yml (tcpTransitoryTimeout 3s, udpTimeout 4s). A new connection on a
just-closed 4-tuple lives on past the old connection's transitory timer.
Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_nat_expiry.py
"""

import re
import subprocess
import time

import pytest

from e2e import config, hosts, ovs, pipeline, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
SRV = topo.SRV_IP
H1 = topo.LAN_HOSTS['h1'][0]
TCP_PORT = 5001
UDP_PORT = 7000
TRANSITORY = 3.0          # configs/nat-short-timers.yml
UDP_TIMEOUT = 4.0
# The switch sees a close when the revalidator pushes the datapath's counters (~0.5 s) and
# expires idle flows once a second; then FLOW_REMOVED, the other flow's delete and our polling.
SLACK = 4.0


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-short-timers.yml')


@pytest.fixture(scope='module')
def servers(nat, host_procs):
    srv = nat.get('srv')
    return {'tcp': host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', TCP_PORT),
            'udp': host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', UDP_PORT)}


def session_flows(proto, internal_port):
    """(cookie, public port, flows) of h1's session from internal_port, or None."""
    flows = ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
    out = [f for f in flows if proto in f.match and f.match.get('nw_src') == H1
           and f.match.get('tp_src') == str(internal_port)]
    if not out:
        return None
    public = re.search(r'set_field:(\d+)->%s_src' % proto, out[0].actions).group(1)
    cookie = out[0].cookie
    return cookie, int(public), [f for f in flows if f.cookie == cookie]


def flows_of_cookie(cookie):
    return [f.text for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE) if f.cookie == cookie]


def stray_seen(cap, internal_port):
    """The crafted packets (payload b'natflow-stray', 13 bytes; TCP seq 12345) that reached h1."""
    return [line for line in cap.output().splitlines()
            if re.search(r'%s\.\d+ > %s\.%d: ' % (re.escape(SRV), re.escape(H1), internal_port), line)
            and ('seq 12345:12358' in line or 'UDP, length 13' in line)]


def test_tcp_mapping_expires_after_close(nat, servers, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    sport = 41000
    client = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', TCP_PORT, '--sport', sport,
                             '--hold', 60, ready='"echoed"', stdin=subprocess.PIPE)
    cookie, public, flows = waiting.wait_until(lambda: session_flows('tcp', sport), 5,
                                           'the session flows of h1:%d in table 2' % sport)
    assert len(flows) == 2 and pipeline.is_mapping_cookie(cookie), flows
    # Positive control: while the connection is open, a packet from srv:5001 to the public
    # port reaches h1.
    cap = host_procs.capture(h1, 'h1-eth0', 'tcp port %d' % sport, verbose=False, options=['-S'])
    hosts.host_tool(srv, 'send', '--dst', PUBLIC, '--port', public, '--sport', TCP_PORT, timeout=30)
    cap.wait_output(lambda t: stray_seen(cap, sport), 5,
                    'the crafted packet from srv:%d at h1:%d while the mapping is up' % (TCP_PORT, sport))
    seen_open = len(stray_seen(cap, sport))

    client.write_line('close')
    client.wait_output('"closed"', 10, 'the client to close its connection')
    closed_at = time.monotonic()
    waiting.wait_until(lambda: not flows_of_cookie(cookie), TRANSITORY + SLACK + 10,
                   'the flows of mapping %d (h1:%d <-> %s:%d) to leave table 2 after the close'
                   % (cookie, sport, PUBLIC, public))
    gone_after = time.monotonic() - closed_at
    print('\n[expiry] TCP mapping %d flows gone %.1f s after the close (transitory timeout %.0f s)'
          % (cookie, gone_after, TRANSITORY))
    assert gone_after <= TRANSITORY + SLACK, 'flows outlived the transitory timeout: %.1f s' % gone_after

    # Now the same packet must not reach h1, and must not bring the mapping back.
    hosts.host_tool(srv, 'send', '--dst', PUBLIC, '--port', public, '--sport', TCP_PORT, '--count', 2,
                  timeout=30)
    waiting.assert_never(lambda: len(stray_seen(cap, sport)) > seen_open, 3,
                     'a packet to the expired public port %s:%d reached h1' % (PUBLIC, public))
    cap.stop()
    assert session_flows('tcp', sport) is None
    assert not [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
                if f.match.get('tp_dst') == str(public) and 'tcp' in f.match], 'mapping came back'


def test_udp_mapping_expires_when_idle(nat, servers, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    sport = 41001
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', UDP_PORT, '--sport', sport,
                           '--count', 2)
    assert result['received'] == 2, result
    last_traffic = time.monotonic()
    cookie, public, flows = waiting.wait_until(lambda: session_flows('udp', sport), 5,
                                           'the session flows of h1:%d' % sport)
    assert all(f.idle_timeout and f.send_flow_rem for f in flows), flows
    cap = host_procs.capture(h1, 'h1-eth0', 'udp port %d' % sport, verbose=False)
    waiting.wait_until(lambda: not flows_of_cookie(cookie), UDP_TIMEOUT + SLACK + 10,
                   'the idle UDP mapping %d to leave table 2' % cookie)
    gone_after = time.monotonic() - last_traffic
    print('\n[expiry] UDP mapping %d flows gone %.1f s after the last packet (udpTimeout %.0f s)'
          % (cookie, gone_after, UDP_TIMEOUT))
    assert gone_after <= UDP_TIMEOUT + SLACK, gone_after
    hosts.host_tool(srv, 'send', '--proto', 'udp', '--dst', PUBLIC, '--port', public, '--sport', UDP_PORT,
                  '--count', 2, timeout=30)
    waiting.assert_never(lambda: stray_seen(cap, sport), 3,
                     'a datagram to the expired public port %s:%d reached h1' % (PUBLIC, public))
    cap.stop()


def test_new_connection_on_a_just_closed_four_tuple_lives_on(nat, servers, host_procs):
    """RFC 5382 REQ-2 / RFC 7857: a SYN reusing a 4-tuple whose connection just closed gets a
    live session (same mapping), not the old one's transitory timer. The old connection is
    reset (no TIME_WAIT); the new one from the same port must still echo after the old
    connection's transitory timer (3 s) has long run out."""
    h1 = nat.get('h1')
    sport = 41002
    first = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', TCP_PORT, '--sport', sport, '--hold', 30,
                            '--reset', ready='"echoed"', stdin=subprocess.PIPE)
    cookie, public, _ = waiting.wait_until(lambda: session_flows('tcp', sport), 5, 'the first connection\'s flows')
    first.write_line('close')
    first.wait_output('"reset": true', 10, 'the first connection to reset')
    second = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', TCP_PORT, '--sport', sport,
                             '--hold', TRANSITORY + SLACK + 2, '--again', ready='"echoed"')
    again_cookie, again_public, flows = session_flows('tcp', sport)
    assert (again_cookie, again_public) == (cookie, public), 'the same mapping serves the new connection'
    assert all(f.idle_timeout != int(TRANSITORY) for f in flows), \
        'the new connection\'s flows carry fresh timeouts, not the closed one\'s: %s' % [f.text for f in flows]
    second.wait_output('"again"', TRANSITORY + SLACK + 10, 'the second line on the reused 4-tuple')
    assert '"again": "again natflow\\n"' in second.output(), second.output()
    assert session_flows('tcp', sport) is not None, 'the live connection kept its flows'
