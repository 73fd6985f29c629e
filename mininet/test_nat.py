"""End-to-end: natflow as a NAT router between the Mininet LAN (h1..h3) and the "internet"
(gw, srv), with the default configuration natflow.yml: endpoint-independent mapping,
address-and-port-dependent filtering, unsolicited inbound dropped, forward
203.0.113.1:8080 -> h3 10.0.0.13:80.

Real tools only (ping, curl, iperf3, traceroute, tcpdump, python sockets); every wait polls
with a bound (e2e.waiting.wait_until / assert_never); nothing sleeps a fixed time.
One controller and one network for the whole module. Run as root:

    /usr/bin/python3 -m pytest -v mininet/test_nat.py
"""

import json
import re

import pytest

from e2e import hosts, ovs, pipeline, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
SRV = topo.SRV_IP
GW = topo.GW_WAN_IP
ROUTER = topo.ROUTER_LAN_IP
H1, H2, H3 = (topo.LAN_HOSTS[h][0] for h in ('h1', 'h2', 'h3'))
SRV_HTTP_MARKER = 'natflow-srv-page'
H3_HTTP_MARKER = 'natflow-h3-page'
UDP_ECHO_PORT = 7000
FORWARD_PORT = 8080          # natflow.yml: tcp 203.0.113.1:8080 -> 10.0.0.13:80


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope='module')
def servers(nat, host_procs, tmp_path_factory):
    """srv: HTTP :80 and UDP echo :7000; h3: HTTP :80 (behind the 8080 forward)."""
    www = tmp_path_factory.mktemp('www')
    srv, h3 = nat.get('srv'), nat.get('h3')
    # Behind the NAT every LAN host is 203.0.113.1, so the kernels of srv and gw rate-limit
    # their ICMP errors to it per host (1/s after a burst of 6: nstat IcmpOutRateLimitHost),
    # and traceroute's parallel probes lose answers. Not the NAT's doing: lift the limit.
    for host in (srv, nat.get('gw')):
        rc, out = hosts.host_run(host, 'sysctl -qw net.ipv4.icmp_ratelimit=0')
        assert rc == 0, out
    return {
        'srv_http': hosts.start_http_server(host_procs, srv, SRV, 80, SRV_HTTP_MARKER, www),
        'h3_http': hosts.start_http_server(host_procs, h3, H3, 80, H3_HTTP_MARKER, www),
        'srv_udp': host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', UDP_ECHO_PORT),
    }


def nodes(net, *names):
    return [net.get(n) for n in names]


def udp_peers(echo_proc):
    return [line['peer'] for line in hosts.json_lines(echo_proc) if 'peer' in line]


def table_miss_count(table):
    for f in ovs.flows(topo.SWITCH_NAME, table):
        if f.priority == 0:
            return f.n_packets
    raise AssertionError('no table-miss flow in table %d' % table)


def session_counts(internal_ip, internal_port):
    """[outbound, inbound] packet counts of the UDP session flows of internal_ip:internal_port."""
    flows = ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
    out = [f.n_packets for f in flows if f.match.get('nw_src') == internal_ip
           and f.match.get('tp_src') == str(internal_port)]
    inbound = [f.n_packets for f in flows if 'set_field:%s->ip_dst' % internal_ip in f.actions
               and 'set_field:%d->udp_dst' % internal_port in f.actions]
    return [sum(out), sum(inbound)] if out and inbound else [0, 0]


SYN_RE = r'(\d+\.\d+\.\d+\.\d+)\.(\d+) > %s\.%d: Flags \[S\]'


# --------------------------------------------------------------------------- basic reachability

def test_ping_router_lan_address(nat):
    h1, = nodes(nat, 'h1')
    hosts.wait_ping(h1, ROUTER)
    received, out = hosts.ping(h1, ROUTER, 3)
    assert received == 3, out


def test_intra_lan_ping(nat):
    h1, = nodes(nat, 'h1')
    hosts.wait_ping(h1, H2)
    received, out = hosts.ping(h1, H2, 3)
    assert received == 3, out


def test_ping_through_nat_server_sees_public_address(nat, host_procs):
    h1, srv = nodes(nat, 'h1', 'srv')
    hosts.wait_ping(h1, SRV)
    cap = host_procs.capture(srv, 'srv-eth0', 'icmp')
    received, out = hosts.ping(h1, SRV, 3)
    assert received == 3, out
    cap.wait_output(lambda t: len(re.findall(r'%s > %s: ICMP echo request' % (PUBLIC, SRV), t)) >= 3,
                    10, '3 echo requests from %s in the capture on srv' % PUBLIC)
    cap.stop()
    text = cap.output()
    assert '10.0.0.' not in text, 'a LAN address reached srv:\n' + text
    assert not hosts.checksum_errors(text), text


# --------------------------------------------------------------------------- TCP / UDP

def test_curl_http_server_sees_only_public_address(nat, servers, host_procs):
    h1, srv = nodes(nat, 'h1', 'srv')
    cap = host_procs.capture(srv, 'srv-eth0', 'tcp port 80')
    before = len(hosts.http_clients(servers['srv_http']))
    rc, body = hosts.curl(h1, 'http://%s/' % SRV)
    assert rc == 0 and SRV_HTTP_MARKER in body, (rc, body)
    clients = waiting.wait_until(lambda: hosts.http_clients(servers['srv_http'])[before:], 5,
                             'the request in the HTTP server log on srv')
    assert clients == [PUBLIC], 'srv logged %s, expected only %s' % (clients, PUBLIC)
    cap.wait_output(r'%s.80 > ' % SRV, 5)
    cap.wait_output(lambda t: re.search(r'%s\.\d+ > %s\.80: Flags \[F' % (PUBLIC, SRV), t), 5,
                    'the client FIN from %s in the capture on srv' % PUBLIC)
    cap.stop()
    text = cap.output()
    assert '10.0.0.' not in text, 'a LAN address reached srv:\n' + text
    assert '(correct)' in text, 'tcpdump -vv verified no TCP checksum:\n' + text
    assert not hosts.checksum_errors(text), 'bad checksums on srv:\n' + '\n'.join(
        hosts.checksum_errors(text))


def test_no_bad_checksums_either_side(nat, servers, host_procs):
    """TCP, UDP and ICMP through the NAT: tcpdump -vv on srv (translated source) and on h1
    (translated destination) finds no wrong IPv4/TCP/UDP/ICMP checksum."""
    h1, srv = nodes(nat, 'h1', 'srv')
    caps = [host_procs.capture(srv, 'srv-eth0', 'not arp'),
            host_procs.capture(h1, 'h1-eth0', 'not arp')]
    rc, body = hosts.curl(h1, 'http://%s/' % SRV)
    assert rc == 0 and SRV_HTTP_MARKER in body, (rc, body)
    udp = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--count', 3)
    assert udp['received'] == 3, udp
    received, out = hosts.ping(h1, SRV, 2)
    assert received == 2, out
    for cap in caps:
        cap.wait_output(lambda t: 'udp sum ok' in t and t.count('ICMP echo reply') >= 2
                        and re.search(r'Flags \[F', t), 10,
                        'UDP, ICMP echo replies and a FIN in the capture on %s' % cap.host.name)
        cap.stop()
    for cap in caps:
        text = cap.output()
        assert '(correct)' in text and 'udp sum ok' in text, text
        assert not hosts.checksum_errors(text), 'bad checksums on %s:\n%s' % (
            cap.host.name, '\n'.join(hosts.checksum_errors(text)))


def test_same_tcp_source_port_from_two_hosts(nat, servers, host_procs):
    """h1 and h2 both curl from local port 40000 at once: both work, on two public ports."""
    h1, h2, srv = nodes(nat, 'h1', 'h2', 'srv')
    cap = host_procs.capture(srv, 'srv-eth0', 'tcp port 80', verbose=False)
    results = hosts.host_run_many([(h, 'curl -sS --max-time 6 --local-port 40000 http://%s/' % SRV)
                                 for h in (h1, h2)], timeout=15)
    for (rc, body), name in zip(results, ('h1', 'h2')):
        assert rc == 0 and SRV_HTTP_MARKER in body, (name, rc, body)
    syn_re = SYN_RE % (re.escape(SRV), 80)
    cap.wait_output(lambda t: len(set(re.findall(syn_re, t))) >= 2, 5,
                    'SYNs of two connections in the capture on srv')
    cap.stop()
    syns = set(re.findall(syn_re, cap.output()))
    assert {ip for ip, _ in syns} == {PUBLIC}, syns
    assert len({port for _, port in syns}) == 2, 'expected two public ports: %s' % syns


def test_same_udp_source_port_from_two_hosts(nat, servers):
    h1, h2 = nodes(nat, 'h1', 'h2')
    before = len(udp_peers(servers['srv_udp']))
    results = hosts.host_run_many(
        [(h, hosts.tool_args('udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--sport', 40001,
                           '--count', 3)) for h in (h1, h2)], timeout=20)
    for (rc, out), h in zip(results, (h1, h2)):
        result = hosts.tool_result(h, out)
        assert result['local'].endswith(':40001'), result
        assert result['received'] == 3 and result['intact'] == 3, (h.name, result)
    peers = set(udp_peers(servers['srv_udp'])[before:])
    assert {p.split(':')[0] for p in peers} == {PUBLIC}, peers
    assert len(peers) == 2, 'expected two public endpoints at srv: %s' % peers


def test_udp_both_ways(nat, servers):
    h1, = nodes(nat, 'h1')
    before = len(udp_peers(servers['srv_udp']))
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--count', 5,
                           '--size', 200)
    assert result['sent'] == 5 and result['received'] == 5 and result['intact'] == 5, result
    peers = udp_peers(servers['srv_udp'])[before:]
    assert len(peers) == 5 and {p.split(':')[0] for p in peers} == {PUBLIC}, peers


def test_udp_larger_than_mtu_both_ways(nat, servers):
    """4000-byte datagrams (3 fragments each way at MTU 1500) are echoed intact."""
    h1, = nodes(nat, 'h1')
    before = len(hosts.json_lines(servers['srv_udp']))
    misses_before = table_miss_count(pipeline.NAT_TABLE)
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--count', 3,
                           '--size', 4000, '--timeout', 3)
    logged = hosts.json_lines(servers['srv_udp'])[before:]
    misses = table_miss_count(pipeline.NAT_TABLE) - misses_before
    assert [line['size'] for line in logged] == [4000] * len(logged) and logged, \
        'srv got: %s (client: %s; NAT-table misses meanwhile: %d)' % (logged, result, misses)
    assert result['received'] == 3 and result['intact'] == 3 and result['sizes'] == [4000] * 3, result
    # 3 datagrams x 2 directions x 3 fragments, plus the session setup: a few dozen misses at
    # most. A fragment that misses the flow installed for it loops through the controller.
    assert misses < 60, '%d packets missed the NAT table (a packet-in loop?)' % misses


def test_udp_to_closed_port_is_refused(nat):
    """srv's ICMP port unreachable is translated back to h1 (RFC 5508 error translation)."""
    h1, = nodes(nat, 'h1')
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', 9, '--count', 2, '--timeout', 3)
    assert result['refused'] is True, 'no ICMP port unreachable reached h1: %s' % result


def test_iperf3_through_nat(nat, host_procs):
    h1, srv = nodes(nat, 'h1', 'srv')
    server = host_procs.start(srv, ['iperf3', '-s', '-1', '-B', SRV, '-p', '5201', '--forceflush'],
                              name='iperf3', ready='Server listening')
    rc, out = hosts.host_run(h1, ['iperf3', '-c', SRV, '-p', '5201', '-t', '3', '-J'], timeout=30)
    assert rc == 0, out
    report = json.loads(out)
    sent = report['end']['sum_sent']['bits_per_second']
    received = report['end']['sum_received']['bits_per_second']
    print('\n[iperf3] h1 -> srv through the NAT: sent %.1f Mbit/s, received %.1f Mbit/s'
          % (sent / 1e6, received / 1e6))
    assert received > 0 and sent > 0, report['end']
    server.wait_output(PUBLIC, 5, 'the iperf3 server on srv to report a client from %s' % PUBLIC)
    assert '10.0.0.' not in server.output(), server.output()


def test_traceroute_shows_router_gateway_and_server(nat):
    h1, = nodes(nat, 'h1')
    hosts.wait_ping(h1, SRV)
    rc, out = hosts.host_run(h1, ['traceroute', '-n', '-q1', '-w1', SRV], timeout=40)
    hops = {}
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            hops[int(parts[0])] = parts[1]
    assert rc == 0, out
    assert hops.get(1) == ROUTER, 'hop 1 should be the NAT router %s:\n%s' % (ROUTER, out)
    assert hops.get(2) == GW, 'hop 2 should be the gateway %s:\n%s' % (GW, out)
    assert hops.get(max(hops)) == SRV and max(hops) == 3, 'should end at srv on hop 3:\n' + out


def test_ping_3000_bytes_fragments_both_ways(nat, host_procs):
    h1, srv = nodes(nat, 'h1', 'srv')
    hosts.wait_ping(h1, SRV)
    later_fragment = r'offset [1-9]\d*'
    caps = {'srv': host_procs.capture(srv, 'srv-eth0', 'icmp or (ip[6:2] & 0x1fff != 0)'),
            'h1': host_procs.capture(h1, 'h1-eth0', 'icmp or (ip[6:2] & 0x1fff != 0)')}
    received, out = hosts.ping(h1, SRV, 3, '-s 3000')
    assert received == 3, out
    assert '3008 bytes from %s' % SRV in out, out
    # Later fragments (offset > 0) from the public address reached srv, and srv's reply
    # fragments reached h1.
    caps['srv'].wait_output(lambda t: re.search(r'%s.*\n?.*%s > %s' % (later_fragment, PUBLIC, SRV), t),
                            5, 'later fragments from %s on srv' % PUBLIC)
    caps['h1'].wait_output(lambda t: re.search(r'%s.*\n?.*%s > %s' % (later_fragment, SRV, H1), t),
                           5, 'later fragments from srv on h1')
    for cap in caps.values():
        cap.stop()
        assert not hosts.checksum_errors(cap.output()), cap.output()


def test_icmp_same_identifier_from_two_hosts(nat, host_procs):
    """h1 and h2 ping srv at once with the same ICMP identifier: both get every reply, and
    srv sees two different identifiers from the public address."""
    h1, h2, srv = nodes(nat, 'h1', 'h2', 'srv')
    hosts.wait_ping(h2, SRV)
    cap = host_procs.capture(srv, 'srv-eth0', 'icmp', verbose=False)
    results = hosts.host_run_many([(h, 'ping -n -e 4242 -c 5 -i 0.2 -W 2 %s' % SRV) for h in (h1, h2)],
                                timeout=20)
    for (rc, out), name in zip(results, ('h1', 'h2')):
        assert ' 5 received' in out, (name, out)
    ids = cap.wait_output(lambda t: len(set(re.findall(r'%s > %s: ICMP echo request, id (\d+)' % (PUBLIC, SRV), t))) >= 2,
                          5, 'echo requests with two identifiers on srv')
    cap.stop()
    ids = set(re.findall(r'%s > %s: ICMP echo request, id (\d+)' % (PUBLIC, SRV), cap.output()))
    assert len(ids) == 2, ids


# --------------------------------------------------------------------------- flows

def test_nat_table_has_per_mapping_flows(nat, servers):
    """dump-flows table=2: both directions of a session, cookie = mapping id (≠ 0, same for
    both), an idle timeout, send_flow_rem."""
    h1, = nodes(nat, 'h1')
    result = hosts.host_tool(h1, 'udp-client', '--dst', SRV, '--port', UDP_ECHO_PORT, '--sport', 40002,
                           '--count', 2)
    assert result['received'] == 2, result
    # OVS adds datapath hits to the rules' counters lazily (revalidator, ~0.5 s): poll. The
    # first datagram went out as the controller's packet-out, not through the outbound flow.
    waiting.wait_until(lambda: (lambda c: c[0] >= 1 and c[1] >= 2)(session_counts(H1, 40002)), 5,
                   'the session flows of h1:40002 to count the second datagram out and both back')
    flows = ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
    out = [f for f in flows if f.match.get('nw_src') == H1 and f.match.get('tp_src') == '40002'
           and f.match.get('nw_dst') == SRV]
    assert len(out) == 1, 'outbound flow of h1:40002 -> srv:%d:\n%s' % (
        UDP_ECHO_PORT, '\n'.join(f.text for f in flows))
    out = out[0]
    public_port = re.search(r'set_field:(\d+)->udp_src', out.actions).group(1)
    assert 'set_field:%s->ip_src' % PUBLIC in out.actions, out.text
    inbound = [f for f in flows if f.match.get('nw_src') == SRV and f.match.get('nw_dst') == PUBLIC
               and f.match.get('tp_dst') == public_port and 'udp' in f.match]
    assert len(inbound) == 1, 'inbound flow of srv -> %s:%s:\n%s' % (
        PUBLIC, public_port, '\n'.join(f.text for f in flows))
    inbound = inbound[0]
    assert 'set_field:%s->ip_dst' % H1 in inbound.actions, inbound.text
    assert 'set_field:40002->udp_dst' in inbound.actions, inbound.text
    for f, packets in ((out, 1), (inbound, 2)):
        assert pipeline.is_mapping_cookie(f.cookie), f.text
        assert f.idle_timeout and f.idle_timeout > 0, f.text
        assert f.send_flow_rem, f.text
        assert f.n_packets >= packets, f.text
    assert out.cookie == inbound.cookie, (out.text, inbound.text)
    mapping_flows = [f for f in flows if pipeline.is_mapping_cookie(f.cookie)]
    assert all(f.send_flow_rem and f.idle_timeout for f in mapping_flows), \
        '\n'.join(f.text for f in mapping_flows)


# --------------------------------------------------------------------------- inbound

def test_port_forward_inbound(nat, servers):
    srv, = nodes(nat, 'srv')
    before = len(hosts.http_clients(servers['h3_http']))
    rc, body = hosts.curl(srv, 'http://%s:%d/' % (PUBLIC, FORWARD_PORT))
    assert rc == 0 and H3_HTTP_MARKER in body, (rc, body)
    clients = waiting.wait_until(lambda: hosts.http_clients(servers['h3_http'])[before:], 5,
                             'the request in h3\'s HTTP server log')
    assert clients == [SRV], clients


def test_hairpin_to_port_forward(nat, servers):
    """h1 -> 203.0.113.1:8080 reaches h3:80 (RFC 4787 REQ-9), from h1's public address."""
    h1, = nodes(nat, 'h1')
    before = len(hosts.http_clients(servers['h3_http']))
    rc, body = hosts.curl(h1, 'http://%s:%d/' % (PUBLIC, FORWARD_PORT))
    assert rc == 0 and H3_HTTP_MARKER in body, (rc, body)
    clients = waiting.wait_until(lambda: hosts.http_clients(servers['h3_http'])[before:], 5,
                             'the hairpinned request in h3\'s HTTP server log')
    assert clients == [PUBLIC], 'hairpinned source should be the public address: %s' % clients


def test_unsolicited_inbound_dropped(nat, servers, host_procs):
    """Policy drop: TCP and UDP to unmapped public ports time out; nothing reaches the LAN."""
    srv, h1, h2, h3 = nodes(nat, 'srv', 'h1', 'h2', 'h3')
    caps = [host_procs.capture(h, '%s-eth0' % h.name, 'port 5555 or port 5556', verbose=False)
            for h in (h1, h2, h3)]
    rc, out = hosts.host_run(srv, 'curl -sS --connect-timeout 2 --max-time 3 http://%s:5555/' % PUBLIC,
                           timeout=10)
    assert rc == 28, 'TCP to an unmapped port should time out (curl exit 28), got %d: %s' % (rc, out)
    udp = hosts.host_tool(srv, 'udp-client', '--dst', PUBLIC, '--port', 5556, '--count', 1, '--timeout', 1.5)
    assert udp['received'] == 0 and udp['refused'] is False and udp['timeouts'] == 1, udp
    for cap in caps:
        cap.stop()
        assert ' > ' not in cap.output(), 'unsolicited traffic reached %s:\n%s' % (cap.host.name, cap.output())


def test_anti_spoofing_wan_to_lan_address_dropped(nat, host_procs):
    """From the WAN, a packet addressed straight to a LAN address is dropped in table 0."""
    gw, h1 = nodes(nat, 'gw', 'h1')

    def spoof_drops():
        for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE):
            if f.priority == 250 and f.match.get('nw_dst') == topo.LAN_PREFIX:
                return f
        return None

    drop = waiting.wait_until(spoof_drops, 5, 'the anti-spoofing flow (priority 250, nw_dst=%s) in table 0'
                          % topo.LAN_PREFIX)
    assert drop.actions == 'drop', drop.text
    cap = host_procs.capture(h1, 'h1-eth0', 'icmp', verbose=False)
    rc, out = hosts.host_run(gw, 'ip route replace %s via %s' % (topo.LAN_PREFIX, PUBLIC))
    assert rc == 0, out
    try:
        received, out = hosts.ping(gw, H1, 3)
        assert received == 0, 'gw reached h1 directly through the NAT:\n' + out
        waiting.wait_until(lambda: spoof_drops().n_packets >= drop.n_packets + 3, 5,
                       'the anti-spoofing flow to count the 3 pings')
    finally:
        hosts.host_run(gw, 'ip route del %s' % topo.LAN_PREFIX)
    cap.stop()
    assert GW not in cap.output(), 'a spoofed packet reached h1:\n' + cap.output()
