"""End-to-end: IP fragments (issue 10.8, RFC 4787 REQ-14). A later fragment carries no ports;
natflow translates it by what its first fragment said, tracked by (source, destination,
protocol, IP id): the switch sends the controller a header copy of every TCP/UDP first
fragment (a flow with OVS's ip_frag=first). So two LAN hosts receiving fragmented datagrams
from the same server at once each get theirs, a later fragment that arrives before its first
one waits a moment for it, and inbound TCP later fragments get through too.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_dataplane_fragments.py
"""

import re
import subprocess

import pytest

from e2e import hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
PUBLIC = topo.NAT_PUBLIC_IP
H1 = topo.LAN_HOSTS['h1'][0]
H2 = topo.LAN_HOSTS['h2'][0]
UDP_ECHO_PORT = 7000
TCP_ECHO_PORT = 7001


@pytest.fixture(scope='module')
def servers(nat, host_procs):
    srv = nat.get('srv')
    for name in ('h1', 'h2'):
        hosts.wait_ping(nat.get(name), SRV)
    return {'udp': host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', UDP_ECHO_PORT),
            'tcp': host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', TCP_ECHO_PORT)}


def test_the_switch_copies_first_fragment_headers(nat):
    copies = [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE) if f.cookie == pipeline.FRAGMENT_COOKIE]
    assert len(copies) == 8 and all('nw_frag=first' in f.text and 'CONTROLLER:128' in f.actions
                                    and 'goto_table:%d' % pipeline.WATCH_TABLE in f.actions for f in copies), \
        '\n'.join(f.text for f in copies)


def test_two_hosts_receive_fragmented_datagrams_from_one_server_at_once(nat, servers):
    """h1 and h2 both echo 3000-byte datagrams (3 fragments each way) off srv at the same time."""
    h1, h2 = nat.get('h1'), nat.get('h2')
    count = 20
    results = hosts.host_run_many(
        [(h, hosts.tool_args('udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--size', 3000,
                           '--count', count, '--timeout', 2)) for h in (h1, h2)], timeout=120)
    got = {h.name: hosts.tool_result(h, out) for h, (rc, out) in zip((h1, h2), results)}
    summary = {name: (r['received'], r['intact']) for name, r in got.items()}
    print('\n[fragments] received/intact of %d: %s; drops %s; fragment_held=%d'
          % (count, summary, {k: v for k, v in rest.drops().items() if 'FRAGMENT' in k},
             rest.event_counter('fragment_held')))
    for name, r in got.items():
        assert r['received'] == count and r['intact'] == count, '%s: %s (both: %s)' % (name, r, summary)


def test_fragments_sent_first_fragment_last_reach_their_host(nat, servers, host_procs):
    """srv sends h1 and h2 (both with a session to srv:7000) a 2500-byte datagram each whose
    first fragment comes last: the later fragments wait, then follow their own first fragment."""
    srv = nat.get('srv')
    peers = {name: host_procs.tool(nat.get(name), 'udp-peer', '--sport', sport, '--dst', SRV,
                                   '--port', UDP_ECHO_PORT, '--lifetime', 60)
             for name, sport in (('h1', 43001), ('h2', 43002))}
    ports = {name: waiting.wait_until(lambda ip=ip, sport=sport: rest.mapping_of('udp', ip, sport), 5,
                                  'the mapping of %s:%d' % (ip, sport))['publicPort']
             for name, ip, sport in (('h1', H1, 43001), ('h2', H2, 43002))}
    held_before = rest.event_counter('fragment_held')
    for name, ip_id in (('h1', 1111), ('h2', 2222)):
        sent = hosts.host_tool(srv, 'send-fragments', '--dst', PUBLIC, '--port', ports[name], '--sport', UDP_ECHO_PORT,
                             '--size', 2500, '--fragsize', 1000, '--id', ip_id, '--order', 'first-last')
        assert sent['offsets'][-1] == 0 and len(sent['offsets']) == 3, sent
    for name, peer in peers.items():
        peer.wait_output(lambda t: any(line.get('size') == 2500 and line.get('intact')
                                       for line in hosts.json_lines(peer)), 5,
                         'the whole 2500-byte datagram on %s' % name)
    waiting.wait_until(lambda: rest.event_counter('fragment_held') >= held_before + 4, 3,
                   'the 4 early later fragments counted as held')
    print('\n[fragments] out of order: fragment_held +%d' % (rest.event_counter('fragment_held') - held_before))


def test_inbound_tcp_later_fragments_reach_the_host(nat, servers, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    hold = host_procs.tool(h1, 'tcp-hold', '--dst', SRV, '--port', TCP_ECHO_PORT, '--sport', 44000, '--hold', 30,
                           ready='echoed', stdin=subprocess.PIPE)
    mapping = waiting.wait_until(lambda: rest.mapping_of('tcp', H1, 44000), 5, 'the mapping of h1:44000')
    cap = host_procs.capture(h1, 'h1-eth0', '(ip[6:2] & 0x1fff) != 0', verbose=False)
    unmatched_before = rest.drops().get('FRAGMENT_UNMATCHED', 0)
    hosts.host_tool(srv, 'send-fragments', '--proto', 'tcp', '--dst', PUBLIC, '--port', mapping['publicPort'],
                  '--sport', TCP_ECHO_PORT, '--size', 2000, '--fragsize', 1000, '--id', 3333)
    cap.wait_output(lambda t: len(re.findall(r'%s > %s' % (re.escape(SRV), re.escape(H1)), t)) >= 2, 5,
                    'the 2 later TCP fragments from srv on h1')
    cap.stop()
    hold.write_line('close')
    assert rest.drops().get('FRAGMENT_UNMATCHED', 0) == unmatched_before, rest.drops()
