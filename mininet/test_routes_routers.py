"""End-to-end: more than one LAN prefix, a static WAN route, and two NAT switches on one
controller at once (issue 14, items 3 and 5).

The topology is topo.py with every extra (topo.EXTRAS), the config mininet/configs/nat-routes.yml:

* a routed LAN: h5 10.1.0.5 sits behind r1, a Linux router on s1's LAN (10.0.0.254, port 5);
  s1 has lanPrefixes [10.0.0.0/24, {10.1.0.0/24 via 10.0.0.254}]. h5 reaches srv through the
  NAT (ping, TCP), srv sees 203.0.113.1, and the route table's flow for 10.1.0.0/24 sends the
  answers to r1's MAC.
* a static WAN route: s1's WAN port is on a segment (w1) with the gateway gw and a second next
  hop gw2, route {198.51.100.128/25 via 203.0.113.253}. Traffic to srv2 198.51.100.200 leaves
  with gw2's MAC (flow counters, a capture on gw2), traffic to srv with the gateway's, and no
  packet for srv2 reaches the gateway.
* two NAT switches: s2 (its own LAN 10.2.0.0/24, WAN and gateway, public 203.0.113.2,
  endpoint-independent filtering) beside s1; traffic through both at once, both listed in
  /api/switches, each one's mappings in /api/mappings?switch=<its dpid>.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_routes_routers.py
"""

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
SRV2 = topo.SRV2[1]
SRVB = topo.SRVB[1]
H5 = topo.H5[1]
R1_MAC = topo.LAN_ROUTER[2]
R1_PORT = topo.LAN_ROUTER[3]
GW2_MAC = topo.GW2[2]
ROUTER_MAC = '02:00:00:00:00:01'
S1, S2 = topo.SWITCH_NAME, topo.SWITCH2_NAME


@pytest.fixture(scope='module')
def topology_extras():
    return topo.EXTRAS


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-routes.yml')


@pytest.fixture(scope='module')
def both(controller, nat):
    """s1 ready (the nat fixture), and s2 listed with its pipeline in and its gateway resolved."""
    waiting.wait_until(lambda: controller.switch(topo.DPID2), 30, 's2 listed over REST')
    waiting.wait_until(lambda: ovs.nat_ready(S2), 30, 'the NAT pipeline in s2 and its default route')
    return nat


@pytest.fixture(scope='module')
def servers(both, host_procs, tmp_path_factory):
    www = tmp_path_factory.mktemp('www')
    return {name: hosts.start_http_server(host_procs, both.get(name), ip, 80, 'page of ' + name, www)
            for name, ip in (('srv', SRV), ('srv2', SRV2), ('srvb', SRVB))}


def route_flow(bridge, prefix, priority):
    found = [f for f in ovs.flows(bridge, pipeline.ROUTE_TABLE)
             if f.match.get('nw_dst') == prefix and f.priority == priority and 'in_port' not in f.match]
    assert len(found) == 1, [f.text for f in ovs.flows(bridge, pipeline.ROUTE_TABLE)]
    return found[0]


def fetch(host, ip, name):
    rc, body = hosts.curl(host, 'http://%s/' % ip)
    assert rc == 0 and 'page of ' + name in body, (host.name, ip, rc, body)


def last_client(server):
    clients = hosts.http_clients(server)
    return clients[-1] if clients else None


def mappings(dpid):
    return rest.http_get_json('%s/api/mappings?switch=%s&limit=1000' % (config.REST_URL, dpid))['items']


def test_a_host_of_a_routed_lan_reaches_srv_through_the_nat(both, servers):
    h5 = both.get('h5')
    hosts.wait_ping(h5, SRV)
    before = route_flow(S1, topo.ROUTED_PREFIX, 90).n_packets
    received, out = hosts.ping(h5, SRV, 3)
    assert received == 3, out
    fetch(h5, SRV, 'srv')
    assert last_client(servers['srv']) == topo.NAT_PUBLIC_IP
    # the answers, translated by the NAT table, leave by the route of 10.1.0.0/24: to r1's MAC on r1's port
    route = waiting.wait_until(
        lambda: (lambda f: f if f.n_packets > before else None)(route_flow(S1, topo.ROUTED_PREFIX, 90)),
        5, 'the 10.1.0.0/24 route to count the answers')
    assert 'set_field:%s->eth_dst' % R1_MAC in route.actions and 'output:%d' % R1_PORT in route.actions, \
        route.text
    h5_mappings = [m for m in mappings(topo.DPID) if m['internalAddress'] == H5]
    assert {m['protocol'] for m in h5_mappings} >= {'tcp', 'icmp'}, h5_mappings
    assert all(m['publicAddress'] == topo.NAT_PUBLIC_IP for m in h5_mappings), h5_mappings
    print('\n[routed LAN] h5 mappings: %s; %s' % (
        ['%s %s:%d' % (m['protocol'], m['publicAddress'], m['publicPort']) for m in h5_mappings], route.text))


def test_a_static_route_sends_its_prefix_to_its_own_next_hop(both, servers, host_procs):
    h1 = both.get('h1')
    via_gw2 = host_procs.capture(both.get('gw2'), 'gw2-eth0', 'ip', verbose=False, options=('-e',))
    via_gw = host_procs.capture(both.get('gw'), 'gw-eth0', 'ip', verbose=False, options=('-e',))
    hosts.wait_ping(h1, SRV2)
    fetch(h1, SRV2, 'srv2')
    fetch(h1, SRV, 'srv')
    assert last_client(servers['srv2']) == topo.NAT_PUBLIC_IP
    route = route_flow(S1, topo.ROUTE_PREFIX, 10 + 25)
    assert 'set_field:%s->eth_dst' % GW2_MAC in route.actions and 'output:%d' % topo.WAN_PORT in route.actions, \
        route.text
    default = [f for f in ovs.flows(S1, pipeline.ROUTE_TABLE) if f.priority == 10][0]
    assert 'set_field:%s->eth_dst' % topo.GW_WAN_MAC in default.actions, default.text
    waiting.wait_until(lambda: route_flow(S1, topo.ROUTE_PREFIX, 35).n_packets > 0, 5,
                       'the static route to count packets')
    to_srv2 = '%s > %s' % (ROUTER_MAC, GW2_MAC)
    via_gw2.wait_output(to_srv2, 5, 'a frame for gw2 from the router')
    received, _ = hosts.ping(h1, SRV, 1)      # one more through the gateway, seen by now below
    assert received == 1
    via_gw.wait_output('> %s' % SRV, 5, 'a packet for srv through the gateway')
    via_gw2.stop()
    via_gw.stop()
    srv2_lines = [line for line in via_gw2.output().splitlines() if '> %s' % SRV2 in line]
    assert srv2_lines and all(to_srv2 in line for line in srv2_lines), srv2_lines[:5]
    assert not [line for line in via_gw.output().splitlines()
                if '> %s' % SRV2 in line and '> %s' % topo.GW_WAN_MAC in line], 'packets for srv2 went to the gateway'
    assert all('%s > %s' % (ROUTER_MAC, topo.GW_WAN_MAC) in line
               for line in via_gw.output().splitlines() if '> %s' % SRV in line)
    print('\n[static route] %s; %d frames to srv2 via gw2' % (
        route_flow(S1, topo.ROUTE_PREFIX, 35).text, len(srv2_lines)))


def test_two_nat_switches_work_at_once(both, servers, controller):
    listed = {sw['datapathId'] for sw in controller.switches()}
    assert {topo.DPID, topo.DPID2} <= listed, listed
    h1, h2, h21, h22 = (both.get(n) for n in ('h1', 'h2', 'h21', 'h22'))
    hosts.wait_ping(h21, SRVB)
    jobs = []
    for _round in range(3):
        jobs += [(h1, 'curl -sS --max-time 5 http://%s/' % SRV), (h21, 'curl -sS --max-time 5 http://%s/' % SRVB),
                 (h2, 'ping -n -c 3 -i 0.2 -W 2 %s' % SRV), (h22, 'ping -n -c 3 -i 0.2 -W 2 %s' % SRVB)]
    results = hosts.host_run_many(jobs, timeout=30)
    for (host, cmd), (rc, out) in zip(jobs, results):
        assert rc == 0, (host.name, cmd, out)
    assert last_client(servers['srvb']) == topo.NAT2_PUBLIC_IP
    assert set(hosts.http_clients(servers['srvb'])) == {topo.NAT2_PUBLIC_IP}
    assert topo.NAT2_PUBLIC_IP not in hosts.http_clients(servers['srv'])
    first, second = mappings(topo.DPID), mappings(topo.DPID2)
    assert {m['datapathId'] for m in first} == {topo.DPID} and {m['datapathId'] for m in second} == {topo.DPID2}
    assert {m['internalAddress'] for m in second} == {'10.2.0.11', '10.2.0.12'}, second
    assert {m['publicAddress'] for m in second} == {topo.NAT2_PUBLIC_IP}, second
    assert {'10.0.0.11', '10.0.0.12'} <= {m['internalAddress'] for m in first}
    assert {m['publicAddress'] for m in first} == {topo.NAT_PUBLIC_IP}, first
    settings = {r['datapathId']: r for r in rest.http_get_json(config.REST_URL + '/api/config')['routers']}
    assert settings[topo.DPID]['filtering'] != settings[topo.DPID2]['filtering']
    assert settings[topo.DPID]['lanPrefixes'] == ['10.0.0.0/24', '10.1.0.0/24 via 10.0.0.254']
    assert settings[topo.DPID]['routes'] == ['198.51.100.128/25 via 203.0.113.253']
    print('\n[two routers] s1: %d mappings, s2: %d mappings (public %s)' % (
        len(first), len(second), topo.NAT2_PUBLIC_IP))
