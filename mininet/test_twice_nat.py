"""End-to-end: twice NAT between two LANs that use the same prefix (issue 14, item 2).

The topology is topo.py with the extra 'twin-lan': h4 has h1's address 10.0.0.11 but sits on
s1 port 6, a LAN segment of its own (mininet/configs/nat-twice.yml). The main LAN reaches the
twin as 172.16.2.0/24 and the twin reaches the main LAN as 172.16.1.0/24, host bits kept: h1
talks to h4 at 172.16.2.11 and h4 sees h1 as 172.16.1.11. The switch rewrites source and
destination in one flow per direction and host pair (CLASSIFY, priority 3030); after the first
packet no packet of the pair reaches the controller. The twin is not masqueraded to the WAN.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_twice_nat.py
"""

import re

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

H1_IP = topo.LAN_HOSTS['h1'][0]
H1_MAC = topo.LAN_HOSTS['h1'][1]
H4_NAME, H4_IP, H4_MAC, H4_PORT = topo.TWIN_HOST
H1_SEEN_FROM_TWIN = '172.16.1.11'      # h1 in the LAN's alias
H4_SEEN_FROM_LAN = '172.16.2.11'       # h4 in the twin's alias
PAIR_PRIORITY = 3030
TCP_PORT = 5031


@pytest.fixture(scope='module')
def topology_extras():
    return (topo.TWIN_LAN,)


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-twice.yml')


def counters():
    """natflow's event counters (all routers) from the admin port's Prometheus text."""
    status, text = rest.http_get('%s/prometheus' % config.ADMIN_URL)
    assert status == 200, (status, text[:300])
    return {name: float(value) for name, value in re.findall(r'^natflow_events_(\w+)\s+(\S+)$', text, re.M)}


def pair_flows():
    return [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE) if f.priority == PAIR_PRIORITY]


def settled_packets():
    """The pair flows' packet count once the switch's flow stats have caught up with its datapath."""
    last = [None]

    def same_twice():
        now = sum(f.n_packets for f in pair_flows())
        done, last[0] = now == last[0], now
        return done
    waiting.wait_until(same_twice, 6, 'the pair flows\' counters to settle', interval=1.0)
    return last[0]


def test_h1_and_h4_with_the_same_address_ping_each_other_by_alias(nat):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    assert h1.IP() == h4.IP() == H1_IP
    hosts.wait_ping(h1, H4_SEEN_FROM_LAN)
    received, out = hosts.ping(h1, H4_SEEN_FROM_LAN, 3)
    assert received == 3, out
    hosts.wait_ping(h4, H1_SEEN_FROM_TWIN)
    received, out = hosts.ping(h4, H1_SEEN_FROM_TWIN, 3)
    assert received == 3, out


def test_the_twin_sees_h1_under_its_alias(nat, host_procs):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    capture = host_procs.capture(h4, 'h4-eth0', 'icmp', verbose=False, options=('-e',))
    received, out = hosts.ping(h1, H4_SEEN_FROM_LAN, 2)
    assert received == 2, out
    request = '%s > %s: ICMP echo request' % (H1_SEEN_FROM_TWIN, H4_IP)
    capture.wait_output(request, 5, 'h1\'s echo request on h4 with h1\'s translated source')
    capture.stop()
    lines = [line for line in capture.output().splitlines() if 'ICMP echo request' in line]
    assert lines and all(request in line for line in lines), lines[:5]
    # from the router's MAC, not h1's: routed, not bridged
    assert all('02:00:00:00:00:01 > %s' % H4_MAC in line for line in lines), lines[:5]
    print('\n[capture on h4] %s' % lines[0])


def test_tcp_both_ways_by_the_translated_addresses(nat, host_procs, tmp_path_factory):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    www = tmp_path_factory.mktemp('www')
    on_h4 = hosts.start_http_server(host_procs, h4, H4_IP, 80, 'page of h4', www)
    on_h1 = hosts.start_http_server(host_procs, h1, H1_IP, 8000, 'page of h1', www)
    rc, body = hosts.curl(h1, 'http://%s/' % H4_SEEN_FROM_LAN)
    assert rc == 0 and 'page of h4' in body, (rc, body)
    rc, body = hosts.curl(h4, 'http://%s:8000/' % H1_SEEN_FROM_TWIN)
    assert rc == 0 and 'page of h1' in body, (rc, body)
    assert hosts.http_clients(on_h4) == [H1_SEEN_FROM_TWIN]
    assert hosts.http_clients(on_h1) == [H4_SEEN_FROM_LAN]
    echo = host_procs.tool(h4, 'tcp-echo', '--bind', H4_IP, '--port', TCP_PORT)
    result = hosts.host_tool(h1, 'tcp-connects', '--dst', H4_SEEN_FROM_LAN, '--port', TCP_PORT, '--count', 5)
    assert echo.alive() and result['succeeded'] == 5, result


def test_the_switch_rewrites_both_addresses_in_one_flow_per_direction(nat):
    h1 = nat.get('h1')
    hosts.wait_ping(h1, H4_SEEN_FROM_LAN)
    flows = pair_flows()
    texts = [f.text for f in flows]
    there = [f for f in flows if f.match.get('nw_src') == H1_IP and f.match.get('nw_dst') == H4_SEEN_FROM_LAN]
    back = [f for f in flows if f.match.get('nw_src') == H4_IP and f.match.get('nw_dst') == H1_SEEN_FROM_TWIN]
    assert len(there) == 1 and len(back) == 1, texts
    assert there[0].match.get('in_port') == '1' and back[0].match.get('in_port') == str(H4_PORT), texts
    for flow, src, dst, mac, port in ((there[0], H1_SEEN_FROM_TWIN, H4_IP, H4_MAC, H4_PORT),
                                      (back[0], H4_SEEN_FROM_LAN, H1_IP, H1_MAC, 1)):
        for action in ('set_field:%s->ip_src' % src, 'set_field:%s->ip_dst' % dst, 'dec_ttl',
                       'set_field:%s->eth_dst' % mac, 'output:%d' % port):
            assert action in flow.actions, flow.text
        assert flow.idle_timeout > 0, flow.text
    got = counters()
    print('\n[pair flows] installed %d times, %d packets translated in the controller\n%s' % (
        got.get('twice_pair_flows', 0), got.get('twice_translated_in_controller', 0), '\n'.join(texts)))


def test_a_second_ping_run_stays_in_the_switch(nat):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    hosts.wait_ping(h1, H4_SEEN_FROM_LAN)
    hosts.wait_ping(h4, H1_SEEN_FROM_TWIN)
    waiting.wait_until(lambda: len(pair_flows()) >= 2, 5, 'the pair flows')
    packets = settled_packets()
    before = counters()
    for host, dst in ((h1, H4_SEEN_FROM_LAN), (h4, H1_SEEN_FROM_TWIN)):
        received, out = hosts.ping(host, dst, 20)
        assert received == 20, out
    after = counters()
    delta = {k: after.get(k, 0) - before.get(k, 0)
             for k in ('packet_in', 'twice_pair_flows', 'twice_translated_in_controller', 'arp_replied')}
    grown = settled_packets() - packets
    print('\n[second run] 20 pings each way: pair flows counted %d packets; controller: %s' % (grown, delta))
    assert grown == 80, '20 echo requests and 20 replies each way, all through the pair flows: %d' % grown
    assert delta['twice_translated_in_controller'] == 0 and delta['twice_pair_flows'] == 0, delta
    # only a host's ARP refresh of its router may reach the controller meanwhile
    assert delta['packet_in'] <= delta['arp_replied'], delta


def test_arp_on_the_twin_never_teaches_the_lan(nat):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    h4.cmd('ip neigh flush dev h4-eth0')
    hosts.wait_ping(h4, topo.ROUTER_LAN_IP)     # h4 ARPs for 10.0.0.1 as 10.0.0.11; the twin's router answers
    assert 'lladdr 02:00:00:00:00:01' in h4.cmd('ip neigh show %s' % topo.ROUTER_LAN_IP)
    hosts.wait_ping(h1, topo.SRV_IP)
    routes = ovs.host_routes(topo.SWITCH_NAME, H1_IP)
    assert routes and all(H1_MAC in f.actions for f in routes), [f.text for f in routes]
    assert not any(H4_MAC in f.actions for f in ovs.flows(topo.SWITCH_NAME, pipeline.ROUTE_TABLE))
    received, out = hosts.ping(h1, H4_SEEN_FROM_LAN, 2)
    assert received == 2, out


def test_the_twin_is_not_masqueraded_and_the_lan_still_is(nat):
    h1, h4 = nat.get('h1'), nat.get(H4_NAME)
    before = rest.drops().get('SEGMENT_NOT_ROUTED', 0)
    received, _ = hosts.ping(h4, topo.SRV_IP, 2)
    assert received == 0
    waiting.wait_until(lambda: rest.drops().get('SEGMENT_NOT_ROUTED', 0) >= before + 2, 5,
                       'the twin\'s packets to the WAN counted as SEGMENT_NOT_ROUTED')
    received, out = hosts.ping(h1, topo.SRV_IP, 2)
    assert received == 2, out
