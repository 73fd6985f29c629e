"""End-to-end: dnat rules are port forwards, one storage (configs/nat-dnat.yml: rule 20 dnat from
natflow.yml, 203.0.113.1 tcp 7080 -> h2 10.0.0.12:7005; rule 100 masquerade) on real OVS.

  config    natflow.yml's dnat rule is a read-only forward: /api/forwards shows it under its rule
            number, and srv reaches h2 through it.
  rest/cli  a dnat rule added over /api/rules (TCP) and with ./natflow rules add dnat (UDP) lets srv
            reach h3 at once and shows in /api/forwards; a forward added over /api/forwards (to h3:7006) shows in
            /api/rules as a dnat rule; a conflicting dnat rule (ports taken, number taken) is a 409
            that changes neither list nor the forward store.
  restart   after a controller restart every dnat rule is back under its number (the forward
            store) and works; deleting one with the CLI removes the forward.

Every wait is bounded. Run as root: /usr/bin/python3 -m pytest -v mininet/test_nat_dnat.py
"""


import pytest

from e2e import config, hosts, rest, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
SRV = topo.SRV_IP
H2 = topo.LAN_HOSTS['h2'][0]
H3 = topo.LAN_HOSTS['h3'][0]


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-dnat.yml')




def rules():
    status, answer = rest.api('GET', '/api/rules')
    assert status == 200, answer
    return answer['rules']


def dnat_rules():
    """{number: rule} of the dnat rules (the forwards)."""
    return {r['number']: r for r in rules() if r['kind'] == 'dnat' and 'number' in r}


def forwards():
    status, answer = rest.api('GET', '/api/forwards')
    assert status == 200, answer
    return answer


def forward_by_rule(number):
    return next((f for f in forwards() if f.get('rule') == number), None)




@pytest.fixture(scope='module')
def servers(nat, host_procs):
    h2, h3 = nat.get('h2'), nat.get('h3')
    return {
        'h2_tcp': host_procs.tool(h2, 'tcp-echo', '--bind', H2, '--port', 7005),
        'h3_udp': host_procs.tool(h3, 'udp-echo', '--bind', H3, '--port', 7003),
        'h3_tcp': host_procs.tool(h3, 'tcp-echo', '--bind', H3, '--port', 7004),
        'h3_tcp2': host_procs.tool(h3, 'tcp-echo', '--bind', H3, '--port', 7006),
    }


def peers(server, since=0):
    return [line['peer'] for line in hosts.json_lines(server)[since:] if 'peer' in line]


def srv_tcp(nat, port, count=3):
    return hosts.host_tool(nat.get('srv'), 'tcp-connects', '--dst', PUBLIC, '--port', port, '--count', count)


def srv_udp(nat, port, count=3):
    return hosts.host_tool(nat.get('srv'), 'udp-client', '--dst', PUBLIC, '--port', port, '--count', count)


def wait_tcp_through(nat, port, server, what):
    """srv's TCP connections to PUBLIC:port reach server, seen there from srv's own address."""
    seen = len(peers(server))
    waiting.wait_until(lambda: srv_tcp(nat, port, 1)['succeeded'] == 1, 20, what, interval=0.5)
    result = srv_tcp(nat, port)
    assert result['succeeded'] == 3, result
    assert {p.split(':')[0] for p in peers(server, seen)} == {SRV}, 'the forward keeps the remote address'


def test_config_dnat_rule_is_a_read_only_forward(nat, servers):
    rule = dnat_rules()[20]
    assert (rule['source'], rule['protocol'], rule['publicPorts'], rule['internalAddress'], rule['internalPort']) \
        == ('config', 'tcp', '7080', H2, '7005'), rule
    forward = forward_by_rule(20)
    assert forward and forward['source'] == 'config' and forward['id'] == rule['forward'], forwards()
    wait_tcp_through(nat, 7080, servers['h2_tcp'], 'srv -> %s:7080 reaches h2:7005 (rule 20)' % PUBLIC)
    status, answer = rest.api('DELETE', '/api/rules/20')
    assert status == 409 and 'read-only' in answer['message'], answer


def test_dnat_rules_over_rest_and_cli_are_forwards(nat, servers, cli):
    status, added = rest.api('POST', '/api/rules', {
        'kind': 'dnat', 'protocol': 'tcp', 'publicPorts': '7104', 'internalAddress': H3, 'internalPort': '7004',
        'description': 'h3 tcp over rules'})
    assert status == 201, added
    tcp_number = added['number']
    assert tcp_number == 110 and added['forward'] and added['source'] == 'api', added
    forward = forward_by_rule(tcp_number)
    assert forward and (forward['publicPort'], forward['internalAddress'], forward['internalPort']) \
        == (7104, H3, 7004), forwards()
    wait_tcp_through(nat, 7104, servers['h3_tcp'], 'srv -> %s:7104 reaches h3:7004 (a rule)' % PUBLIC)

    rc, out, err = cli('rules', 'add', 'dnat', '-p', 'udp', '--public-ports', 7103, '--internal', H3,
                       '--internal-port', 7003, '-d', 'h3 udp over the cli')
    assert rc == 0 and out.startswith('added rule 120: dnat udp'), (rc, out, err)
    assert forward_by_rule(120)['protocol'] == 'udp', forwards()
    result = waiting.wait_until(lambda: (lambda r: r if r['received'] == 3 else None)(srv_udp(nat, 7103)), 20,
                                'srv -> %s:7103/udp reaches h3:7003 and back' % PUBLIC, interval=0.5)
    assert result['intact'] == 3, result
    rc, table, err = cli('rules', 'list')
    assert rc == 0 and 'dnat' in table and 'h3 udp over the cli' in table, table

    status, made = rest.api('POST', '/api/forwards', {
        'protocol': 'tcp', 'publicPort': '7204', 'internalAddress': H3, 'internalPort': '7006'})
    assert status == 201 and made['rule'] == 130, made
    rule = dnat_rules()[130]
    assert (rule['forward'], rule['publicPorts'], rule['internalAddress']) == (made['id'], '7204', H3), rule
    wait_tcp_through(nat, 7204, servers['h3_tcp2'], 'srv -> %s:7204 reaches h3:7006 (a forward)' % PUBLIC)


def test_a_conflicting_dnat_rule_is_a_409_and_changes_nothing(nat, cli):
    def state():
        return ([(r.get('number'), r['kind'], r.get('forward')) for r in rules()],
                [(f['id'], f['protocol'], f['publicPort'], f['internalAddress'], f.get('rule')) for f in forwards()])
    before = state()
    status, answer = rest.api('POST', '/api/rules', {
        'kind': 'dnat', 'protocol': 'tcp', 'publicPorts': '7100-7110', 'internalAddress': topo.LAN_HOSTS['h1'][0]})
    assert status == 409 and '7104' in answer['message'], answer
    status, answer = rest.api('POST', '/api/rules', {
        'number': 100, 'kind': 'dnat', 'protocol': 'tcp', 'publicPorts': '7300', 'internalAddress': H3})
    assert status == 409 and 'rule 100 exists' in answer['message'], answer
    rc, out, err = cli('rules', 'add', 'dnat', '-p', 'tcp', '--public-ports', 7080, '--internal', H3)
    assert rc == 1 and 'HTTP 409' in err, (rc, out, err)
    rc, out, err = cli('rules', 'add', 'dnat', '-p', 'icmp', '--public-ports', 7301, '--internal', H3)
    assert rc == 1 and 'HTTP 422' in err and 'protocol' in err, (rc, out, err)
    assert state() == before, 'refused edits change neither the rules nor the forwards'

    assert srv_tcp(nat, 7104)['succeeded'] == 3, 'the forward in the way still works'


def test_dnat_rules_persist_across_a_restart(controller, nat, servers, cli):
    before = {n: (r['forward'], r['publicPorts'], r['internalAddress']) for n, r in dnat_rules().items()}
    assert sorted(before) == [20, 110, 120, 130], before
    controller.stop()
    controller.start()

    def ready():
        switches = rest.http_get_json(config.REST_URL + '/api/stats', 2.0)['switches']
        return switches and switches[0]['connected'] and switches[0]['gatewayResolved']
    waiting.wait_until(ready, 40, 's1 reconnected and the gateway resolved')
    after = {n: (r['forward'], r['publicPorts'], r['internalAddress']) for n, r in dnat_rules().items()}
    assert after == before, 'every dnat rule is back under its number, as the same forward'
    wait_tcp_through(nat, 7104, servers['h3_tcp'], 'rule 110 works after the restart')
    wait_tcp_through(nat, 7204, servers['h3_tcp2'], 'rule 130 works after the restart')

    rc, out, err = cli('rules', 'delete', 110, 130)
    assert rc == 0 and out.count('deleted rule') == 2, (rc, out, err)
    assert sorted(dnat_rules()) == [20, 120]
    assert forward_by_rule(110) is None and forward_by_rule(130) is None, forwards()
    waiting.wait_until(lambda: srv_tcp(nat, 7104, 1)['succeeded'] == 0, 10, 'rule 110 no longer forwards')
