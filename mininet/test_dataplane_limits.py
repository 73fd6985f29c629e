"""End-to-end: sessions per mapping and per host are bounded in the switch (RFC 6888 REQ-5).
configs/nat-session-limits.yml: perMappingSessions 20, perHostSessions 50, refusalReply
admin-prohibited. One UDP socket sending to 100 ports of srv gets 20 sessions (flow pairs), the
rest are refused: counted, told with ICMP "administratively prohibited" (RFC 5508 REQ-8), backed
off in the switch for that socket only; a host opening 100 new flows gets 50 sessions in all,
its older connection keeps working, and other hosts are unaffected. Every wait is bounded; run
as root:

    /usr/bin/python3 -m pytest -v mininet/test_dataplane_limits.py
"""

import subprocess

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
H1, H2 = topo.LAN_HOSTS['h1'][0], topo.LAN_HOSTS['h2'][0]
PER_MAPPING, PER_HOST = 20, 50
ECHO = 5201
SPRAY_PORT = 45000


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-session-limits.yml')


def outbound_sessions(host_ip, sport=None):
    """Outbound session flows (one per session) of a LAN host in the NAT table."""
    return [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
            if pipeline.is_mapping_cookie(f.cookie) and f.match.get('nw_src') == host_ip
            and (sport is None or f.match.get('tp_src') == str(sport))]


def backoffs(host_ip):
    """Backoff drop flows of a host: UDP in NAT, TCP (its SYNs) in WATCH."""
    return [f for table in (pipeline.WATCH_TABLE, pipeline.NAT_TABLE) for f in ovs.flows(topo.SWITCH_NAME, table)
            if f.priority == 110 and f.match.get('nw_src') == host_ip]


def drops():
    return rest.http_get_json('%s/api/stats' % config.REST_URL)['drops']


def test_one_socket_to_many_ports_gets_its_limit_of_sessions(nat, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', ECHO)
    told = host_procs.capture(h1, 'h1-eth0', 'icmp and icmp[0] = 3 and icmp[1] = 13', verbose=False)
    spray = host_procs.start(h1, hosts.tool_args('udp-spray', '--dst', SRV, '--ports', '7000-7099',
                                               '--sport', SPRAY_PORT, '--interval', 0.01), name='spray')
    # While the spray runs: one backoff flow for this socket only, and no more than the limit.
    backoff = waiting.wait_until(lambda: backoffs(H1), 5, 'a backoff flow for h1 after the refusal')
    assert backoff[0].match.get('tp_src') == str(SPRAY_PORT) and 'hard_timeout=2' in backoff[0].text, backoff
    assert spray.popen.wait(timeout=20) == 0, spray.output()
    sessions = outbound_sessions(H1, SPRAY_PORT)
    print('\n[limits] h1:%d -> 100 ports: %d session flows, drops %s' % (SPRAY_PORT, len(sessions), drops()))
    assert len(sessions) == PER_MAPPING, [f.text for f in sessions]
    assert len({f.cookie for f in sessions}) == 1, 'one mapping'
    assert drops().get('SESSIONS_PER_MAPPING', 0) >= 1
    told.wait_output(lambda out: 'unreachable' in out, 5, 'ICMP administratively prohibited at h1')

    # The host's other sockets are not backed off, and the full mapping's sessions all live on.
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', ECHO, '--sport', SPRAY_PORT + 1, '--count', 3)
    assert result['received'] == 3, result
    assert len(outbound_sessions(H1, SPRAY_PORT)) == PER_MAPPING, 'no live session evicted'


def test_a_host_gets_its_limit_of_sessions_and_keeps_the_ones_it_has(nat, host_procs):
    h2, h3, srv = nat.get('h2'), nat.get('h3'), nat.get('srv')
    host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', ECHO + 1)
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', ECHO + 1)
    held = host_procs.tool(h2, 'tcp-hold', '--dst', SRV, '--port', ECHO + 1, '--sport', 46000, '--hold', 60,
                           ready='"echoed"', stdin=subprocess.PIPE)
    prober = host_procs.start(h2, hosts.tool_args('udp-probe', '--dst', SRV, '--port', ECHO + 1, '--interval', 0.01,
                                                '--duration', 1, '--timeout', 2), name='probe')
    assert prober.popen.wait(timeout=20) == 0, prober.output()
    # The kernel may give a later probe socket an earlier one's port: that is the same session.
    answered = {p['local'] for p in hosts.json_lines(prober) if 'probe' in p and p['answered']}
    sessions = outbound_sessions(H2)
    print('\n[limits] h2: 1 TCP + 100 new UDP flows: %d ports answered, %d session flows, drops %s'
          % (len(answered), len(sessions), drops()))
    assert len(sessions) == PER_HOST, [f.text for f in sessions]
    assert len(answered) == PER_HOST - 1, sorted(answered)
    assert drops().get('SESSIONS_PER_HOST', 0) >= 1
    assert hosts.host_tool(h3, 'udp-client', '--dst', SRV, '--port', ECHO + 1, '--count', 3)['received'] == 3

    held.write_line('close')
    held.wait_output('"closed"', 10, "h2's older connection to close cleanly through the NAT")
