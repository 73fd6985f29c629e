"""End-to-end: routing of odd destinations and sources (issue 10.3 and 10.5).

* A LAN address the router never learned (a secondary address whose host has a static ARP
  entry for the router, so it never ARPs from it) still gets its replies: the route table
  sends unknown LAN destinations to the controller, which asks by ARP and holds the packet,
  instead of the default route sending them to the WAN port, where OVS drops them.
* Martians (RFC 1812 §5.3.7) get no mapping and are counted: destinations 255.255.255.255,
  127.0.0.1, 224.0.0.1, 0.0.0.0; inside sources 10.0.0.1 (the router) and 10.0.0.255 (the
  LAN broadcast); from the WAN, sources 127.0.0.1 and a LAN address get no answer.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_dataplane_routing.py
"""

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
PUBLIC = topo.NAT_PUBLIC_IP
ROUTER = topo.ROUTER_LAN_IP
ROUTER_MAC = '02:00:00:00:00:01'
H1, H1_MAC, _ = topo.LAN_HOSTS['h1']
SECONDARY = '10.0.0.21'
UDP_ECHO_PORT = 7000
MARTIAN_PORT = 5353


@pytest.fixture(scope='module')
def echo(nat, host_procs):
    return host_procs.tool(nat.get('srv'), 'udp-echo', '--bind', SRV, '--port', UDP_ECHO_PORT)


def test_replies_to_a_lan_address_that_never_arped_are_delivered(nat, echo, host_procs):
    h1 = nat.get('h1')
    hosts.wait_ping(h1, SRV)
    # A static ARP entry for the router: h1 never ARPs, so the router learns nothing of 10.0.0.21.
    for cmd in ('ip neigh replace %s lladdr %s dev h1-eth0 nud permanent' % (ROUTER, ROUTER_MAC),
                'ip addr add %s/24 dev h1-eth0' % SECONDARY):
        rc, out = hosts.host_run(h1, cmd)
        assert rc == 0, (cmd, out)
    assert not ovs.host_routes(topo.SWITCH_NAME, SECONDARY), 'the router already knows %s' % SECONDARY
    cap = host_procs.capture(h1, 'h1-eth0', 'arp', verbose=False)
    result = hosts.host_tool(h1, 'udp-client', '--src', SECONDARY, '--sport', 46000, '--dst', SRV,
                           '--port', UDP_ECHO_PORT, '--count', 3, '--timeout', 3)
    assert result['received'] == 3 and result['intact'] == 3, \
        'replies to %s lost: %s; drops %s' % (SECONDARY, result, rest.drops())
    routes = ovs.host_routes(topo.SWITCH_NAME, SECONDARY)
    assert any('set_field:%s->eth_dst' % H1_MAC in f.actions and 'output:1' in f.actions for f in routes), \
        [f.text for f in routes]
    unknown = [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.ROUTE_TABLE) if f.priority == 50]
    assert unknown and unknown[0].match.get('nw_dst') == topo.LAN_PREFIX and 'CONTROLLER' in unknown[0].actions, \
        [f.text for f in unknown]
    waiting.wait_until(lambda: unknown_lan_hits() >= 1, 5, 'the unknown-LAN-host route to count the first reply')
    cap.wait_output('Request who-has %s tell %s' % (SECONDARY, ROUTER), 5, "the router's ARP request for %s" % SECONDARY)
    cap.stop()
    asks = cap.output().count('Request who-has %s tell %s' % (SECONDARY, ROUTER))
    print('\n[routing] unknown-LAN-host route n_packets=%d, ARP requests for %s seen on h1: %d, NO_ROUTE_YET=%d'
          % (unknown_lan_hits(), SECONDARY, asks, rest.drops().get('NO_ROUTE_YET', 0)))


def unknown_lan_hits():
    return sum(f.n_packets for f in ovs.flows(topo.SWITCH_NAME, pipeline.ROUTE_TABLE) if f.priority == 50)


def mappings_from_port(port):
    found = rest.http_get_json('%s/api/mappings?limit=1000' % config.REST_URL)
    return [m for m in found['items'] if m['internalPort'] == port]


def test_martians_get_no_mapping(nat):
    h1 = nat.get('h1')
    hosts.wait_ping(h1, SRV)
    before = rest.drops()
    for dst in ('255.255.255.255', '127.0.0.1', '224.0.0.1', '0.0.0.0'):
        for proto in ('udp', 'icmp'):
            hosts.host_tool(h1, 'send-frame', '--iface', 'h1-eth0', '--eth-dst', ROUTER_MAC, '--src', H1,
                          '--dst', dst, '--proto', proto, '--sport', MARTIAN_PORT, '--port', 53)
    for src in (ROUTER, '10.0.0.255'):
        hosts.host_tool(h1, 'send-frame', '--iface', 'h1-eth0', '--eth-dst', ROUTER_MAC, '--src', src,
                      '--dst', SRV, '--sport', MARTIAN_PORT, '--port', 53)

    def counted():
        now = rest.drops()
        return now.get('MARTIAN_DESTINATION', 0) - before.get('MARTIAN_DESTINATION', 0) >= 8 and \
            now.get('INSIDE_SOURCE_RESERVED', 0) - before.get('INSIDE_SOURCE_RESERVED', 0) >= 2
    try:
        waiting.wait_until(counted, 5, '8 MARTIAN_DESTINATION and 2 INSIDE_SOURCE_RESERVED drops')
    finally:
        assert mappings_from_port(MARTIAN_PORT) == [], 'martian mappings: %s' % mappings_from_port(MARTIAN_PORT)
    print('\n[martians] drops: %s' % {k: v for k, v in rest.drops().items() if 'MARTIAN' in k or 'SOURCE' in k})


def test_martian_and_lan_sources_from_the_wan_get_no_answer(nat, host_procs):
    """gw pings the NAT's public address from 127.0.0.1 and from h1's address: no reply."""
    gw = nat.get('gw')
    gw_mac_dst = ROUTER_MAC
    cap = host_procs.capture(gw, 'gw-eth0', 'icmp', verbose=False)
    before = rest.drops()
    for src in ('127.0.0.1', H1):
        hosts.host_tool(gw, 'send-frame', '--iface', 'gw-eth0', '--eth-dst', gw_mac_dst, '--src', src,
                      '--dst', PUBLIC, '--proto', 'icmp', '--sport', 99, '--port', 0)
    waiting.wait_until(lambda: rest.drops().get('MARTIAN_SOURCE', 0) > before.get('MARTIAN_SOURCE', 0)
                   and rest.drops().get('OUTSIDE_SOURCE_IN_LAN', 0) > before.get('OUTSIDE_SOURCE_IN_LAN', 0),
                   5, 'a MARTIAN_SOURCE and an OUTSIDE_SOURCE_IN_LAN drop')
    received, out = hosts.ping(gw, PUBLIC, 1)       # an ordinary source is answered (and ends the capture)
    assert received == 1, out
    cap.wait_output('echo reply', 5)
    cap.stop()
    replies = [line for line in cap.output().splitlines() if 'echo reply' in line and ('127.0.0.1' in line or H1 in line)]
    assert not replies, replies
