"""End-to-end: ordered NAT rules (configs/nat-rules.yml: rule 10 static 1:1 h3 10.0.0.13 <->
203.0.113.13, rule 100 masquerade of the LAN) on real OVS.

  skip      a skip rule inserted before masquerade over REST exempts srv: srv sees h1's private
            address (its UDP echo server logs the peer), and the replies come back through the
            rule's reverse; moved after the masquerade rule, srv sees the public address again;
            the rule's flow counters count.
  static    srv reaches h3 on 203.0.113.13 (ping, TCP, UDP); h3's own traffic leaves from that
            address with its ports kept; h1 still masquerades to 203.0.113.1.
  cli       rules inserted at a position with ./natflow list in order, a malformed and a
            conflicting rule are a 4xx naming the problem and change nothing, and the list
            survives a controller restart (the rule store) and still works.

Every wait is bounded. Run as root: /usr/bin/python3 -m pytest -v mininet/test_nat_rules.py
"""

import json

import pytest

from e2e import config, hosts, rest, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
H3_PUBLIC = '203.0.113.13'
SRV = topo.SRV_IP
H1 = topo.LAN_HOSTS['h1'][0]
H3 = topo.LAN_HOSTS['h3'][0]


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-rules.yml')




def numbers():
    status, answer = rest.api('GET', '/api/rules')
    assert status == 200, answer
    return [r['number'] for r in answer['rules']]


def rule(number):
    status, answer = rest.api('GET', '/api/rules/%d' % number)
    assert status == 200, answer
    return answer




@pytest.fixture(scope='module')
def servers(nat, host_procs):
    srv, h3 = nat.get('srv'), nat.get('h3')
    return {
        'srv_udp': host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', 7001),
        'srv_tcp': host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', 7002),
        'h3_udp': host_procs.tool(h3, 'udp-echo', '--bind', H3, '--port', 7003),
        'h3_tcp': host_procs.tool(h3, 'tcp-echo', '--bind', H3, '--port', 7004),
    }


@pytest.fixture(scope='module')
def lan_route_on_gw(nat):
    """gw learns the way back to the LAN prefix (via the router), so untranslated packets get answers."""
    gw = nat.get('gw')
    gw.cmd('ip route replace %s via %s' % (topo.LAN_PREFIX, PUBLIC))
    yield
    gw.cmd('ip route del %s via %s' % (topo.LAN_PREFIX, PUBLIC))


def peers(server, since=0):
    return [line['peer'] for line in hosts.json_lines(server)[since:] if 'peer' in line]


def udp_from(host, src, sport, dst, port, count=3):
    return hosts.host_tool(host, 'udp-client', '--src', src, '--sport', sport, '--dst', dst,
                           '--port', port, '--count', count)


def test_skip_before_masquerade_then_moved_after_it(nat, servers, lan_route_on_gw):
    h1, srv_udp = nat.get('h1'), servers['srv_udp']
    status, added = rest.api('POST', '/api/rules?position=0', {
        'number': 50, 'kind': 'skip', 'destination': SRV, 'reverse': True, 'description': 'srv sees us'})
    assert status == 201, added
    assert added['position'] == 0 and numbers() == [50, 10, 100]

    seen = len(peers(srv_udp))
    result = udp_from(h1, H1, 41001, SRV, 7001)
    assert result['received'] == 3 and result['intact'] == 3, result
    assert set(peers(srv_udp, seen)) == {'%s:41001' % H1}, 'srv sees the private address'
    counted = waiting.wait_until(lambda: rule(50)['packets'] >= 6 and rule(50), 10,
                                 'rule 50 counts the 3 datagrams and their 3 answers')
    assert counted['decided'] == 0, 'the switch did it all, the controller decided nothing'

    status, moved = rest.api('POST', '/api/rules/50/move?position=2')
    assert status == 200 and moved['position'] == 2, moved
    assert numbers() == [10, 100, 50]
    seen = len(peers(srv_udp))
    result = udp_from(h1, H1, 41002, SRV, 7001)
    assert result['received'] == 3, result
    sources = {p.split(':')[0] for p in peers(srv_udp, seen)}
    assert sources == {PUBLIC}, 'after the masquerade rule, srv sees the public address: %s' % sources
    assert rule(100)['decided'] >= 1, rule(100)
    status, _ = rest.api('DELETE', '/api/rules/50')
    assert status == 200 and numbers() == [10, 100]


def test_static_nat_both_ways(nat, servers):
    srv, h3, h1 = nat.get('srv'), nat.get('h3'), nat.get('h1')
    received, out = hosts.ping(srv, H3_PUBLIC, count=3)
    assert received == 3, out

    result = hosts.host_tool(srv, 'tcp-connects', '--dst', H3_PUBLIC, '--port', 7004, '--count', 3)
    assert result['succeeded'] == 3, result
    assert {p.split(':')[0] for p in peers(servers['h3_tcp'])} == {SRV}
    result = hosts.host_tool(srv, 'udp-client', '--dst', H3_PUBLIC, '--port', 7003, '--count', 3)
    assert result['received'] == 3 and result['intact'] == 3, result

    # h3 speaks first: it leaves from its own public address, ports kept, UDP and TCP
    seen = len(peers(servers['srv_udp']))
    result = udp_from(h3, H3, 43003, SRV, 7001)
    assert result['received'] == 3, result
    assert set(peers(servers['srv_udp'], seen)) == {'%s:43003' % H3_PUBLIC}
    seen_tcp = len(peers(servers['srv_tcp']))
    result = hosts.host_tool(h3, 'tcp-connects', '--dst', SRV, '--port', 7002, '--count', 2)
    assert result['succeeded'] == 2, result
    assert {p.split(':')[0] for p in peers(servers['srv_tcp'], seen_tcp)} == {H3_PUBLIC}

    # h1 still masquerades
    seen = len(peers(servers['srv_udp']))
    assert udp_from(h1, H1, 41003, SRV, 7001)['received'] == 3
    assert {p.split(':')[0] for p in peers(servers['srv_udp'], seen)} == {PUBLIC}
    assert rule(10)['packets'] > 0, rule(10)
    assert rest.mapping_of('UDP', H3, 43003) is None, 'static NAT makes no mapping'


def test_rules_through_the_cli_persist_and_refuse_bad_ones(controller, nat, servers, cli):
    rc, out, err = cli('rules', 'insert', 0, 'drop', '--number', 5, '-p', 'udp', '--dport', '9-10',
                       '-t', '192.0.2.0/24', '-d', 'cli drop')
    assert rc == 0 and out.startswith('inserted rule 5 at position 0'), (rc, out, err)
    rc, out, err = cli('rules', 'add', 'skip', '--before', 100, '-t', '192.0.2.7')
    assert rc == 0 and 'rule 110' in out, (rc, out, err)
    rc, out, err = cli('rules', 'list', '--json')
    assert rc == 0, err
    assert [r['number'] for r in json.loads(out)['rules']] == [5, 10, 110, 100]
    rc, table, err = cli('rules', 'list')
    assert rc == 0 and 'cli drop' in table and table.splitlines()[0].split()[:3] == ['POS', 'NUM', 'KIND'], table

    rc, out, err = cli('rules', 'add', 'skip', '-t', '192.0.2.0/33')
    assert rc == 1 and 'HTTP 422' in err and 'destination' in err, (rc, err)
    rc, out, err = cli('rules', 'add', 'static', '--private', H1, '--public', PUBLIC)
    assert rc == 1 and 'HTTP 409' in err and 'pool' in err, (rc, err)
    rc, out, err = cli('rules', 'add', 'static', '--private', '10.0.0.12', '--public', H3_PUBLIC)
    assert rc == 1 and 'HTTP 409' in err and 'rule 10' in err, (rc, err)
    assert numbers() == [5, 10, 110, 100], 'refused edits change nothing'

    controller.stop()
    controller.start()
    def ready():
        switches = rest.http_get_json(config.REST_URL + '/api/stats', 2.0)['switches']
        return switches and switches[0]['connected'] and switches[0]['gatewayResolved']
    waiting.wait_until(ready, 40, 's1 reconnected and the gateway resolved')
    assert numbers() == [5, 10, 110, 100], 'the list came back from the rule store'
    waiting.wait_until(lambda: hosts.ping(nat.get('srv'), H3_PUBLIC, count=1)[0] == 1, 20,
                       'static NAT works again after the restart')
    rc, out, err = cli('rules', 'delete', 5, 110)
    assert rc == 0 and out.count('deleted rule') == 2, (rc, out, err)
    assert numbers() == [10, 100]
