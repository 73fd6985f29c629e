"""End-to-end: hairpin back to the host it came from (issue 10.4, RFC 4787 REQ-9), with
endpoint-independent filtering (configs/nat-eif.yml). OVS never outputs a packet to the port
it came in on unless the action is IN_PORT; the router's same-port routes use it.

* Two UDP sockets of h1: one sends to the other's public endpoint, and back.
* h3 fetches the 8080 forward, which leads to h3 itself.
* h1 pings the NAT's own public address.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_dataplane_hairpin.py
"""

import pytest

from e2e import config, hosts, ovs, rest, waiting
import topo

SRV = topo.SRV_IP
PUBLIC = topo.NAT_PUBLIC_IP
H1 = topo.LAN_HOSTS['h1'][0]
H3 = topo.LAN_HOSTS['h3'][0]
UDP_ECHO_PORT = 7000
H3_MARKER = 'natflow-h3-hairpin-page'


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-eif.yml')


@pytest.fixture(scope='module')
def echo(nat, host_procs):
    return host_procs.tool(nat.get('srv'), 'udp-echo', '--bind', SRV, '--port', UDP_ECHO_PORT)


def test_udp_hairpin_between_two_sockets_of_one_host(nat, echo, host_procs):
    h1 = nat.get('h1')
    hosts.wait_ping(h1, SRV)
    peer = host_procs.tool(h1, 'udp-peer', '--sport', 41000, '--dst', SRV, '--port', UDP_ECHO_PORT, '--echo',
                           '--lifetime', 60)
    a = waiting.wait_until(lambda: rest.mapping_of('udp', H1, 41000), 5, "the mapping of h1:41000")
    result = hosts.host_tool(h1, 'udp-client', '--sport', 41001, '--dst', PUBLIC, '--port', a['publicPort'],
                           '--count', 3, '--timeout', 2)
    b = rest.mapping_of('udp', H1, 41001)
    assert result['received'] == 3, 'h1:41001 -> %s:%d -> h1:41000 and back: %s' % (PUBLIC, a['publicPort'], result)
    peers = {line['peer'] for line in hosts.json_lines(peer)}
    assert peers == {'%s:%d' % (PUBLIC, b['publicPort'])}, 'h1:41000 saw %s, expected the public endpoint of ' \
        'h1:41001' % peers
    same_port = [f.text for f in ovs.host_routes(topo.SWITCH_NAME, H1) if 'IN_PORT' in f.actions]
    assert same_port and all('in_port=1' in t for t in same_port), same_port
    print('\n[hairpin] same-port route: %s' % same_port)


def test_tcp_hairpin_from_the_forward_target_to_itself(nat, host_procs, tmp_path_factory):
    h3 = nat.get('h3')
    server = hosts.start_http_server(host_procs, h3, H3, 80, H3_MARKER, tmp_path_factory.mktemp('www'))
    rc, body = hosts.curl(h3, 'http://%s:8080/' % PUBLIC)
    assert rc == 0 and H3_MARKER in body, (rc, body)
    clients = waiting.wait_until(lambda: hosts.http_clients(server), 5, "the request in h3's HTTP log")
    assert clients == [PUBLIC], 'the hairpinned source should be the public address: %s' % clients


def test_ping_the_nats_public_address_from_the_lan(nat):
    h1 = nat.get('h1')
    received, out = hosts.ping(h1, PUBLIC, 3)
    assert received == 3, out
