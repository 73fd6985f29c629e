"""End-to-end: a virtual server (issue 14) on real OVS, configs/nat-vserver.yml: rule 10 spreads
TCP 203.0.113.80:80 over h1, h2 and h3 (each a tcp-name server on port 8080 that answers with its
name), round robin; rule 100 masquerades the LAN.

  spread       30 connections from srv to 203.0.113.80:80 each reach one of the three servers,
               every server gets at least one (round robin: 10 each); the rule's sessions
               endpoint counts the same per server.
  source hash  a second virtual server (203.0.113.81:80, source-hash, added over REST): from
               each of three client addresses on srv, every connection lands on the same server.
  remove       a held connection on one server; the server is removed over REST (PUT): new
               connections go to the other two only, the held one still echoes through its
               session flows (still in the switch's flow dump), and the removed server shows as
               unlisted with its live session.
  udp          a UDP virtual server (two udp-echo servers): datagrams from srv come back from the
               public endpoint, both servers get clients.
  cli          ./natflow rules add vserver and rules sessions (human and --json); a server
               outside the LAN, a duplicate server and a clashing public endpoint are 4xx.

Run as root under the lock:
    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_nat_vserver.py
"""

import collections
import json
import subprocess

import pytest

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

VIP = '203.0.113.80'
VIP2 = '203.0.113.81'
SRV = topo.SRV_IP
CLIENTS = [SRV, '198.51.100.81', '198.51.100.82']
SERVER_PORT = 8080
NAMES = ('h1', 'h2', 'h3')
SERVERS = {name: '%s:%d' % (topo.LAN_HOSTS[name][0], SERVER_PORT) for name in NAMES}


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-vserver.yml')




def sessions(number):
    status, answer = rest.api('GET', '/api/rules/%d/sessions' % number)
    assert status == 200, answer
    return answer


def chosen(number):
    """Connections chosen per server name, from the rule's sessions endpoint."""
    by_address = {s['address'] + ':' + str(s['port']): s for s in sessions(number)['servers']}
    return {name: by_address[SERVERS[name]]['chosen'] if SERVERS[name] in by_address else 0 for name in NAMES}


@pytest.fixture(scope='module')
def name_servers(nat, host_procs):
    return {name: host_procs.tool(nat.get(name), 'tcp-name', '--name', name, '--port', SERVER_PORT)
            for name in NAMES}


@pytest.fixture(scope='module')
def client_addresses(nat):
    """Two more addresses on srv, so the WAN has three clients for source hashing."""
    srv = nat.get('srv')
    for address in CLIENTS[1:]:
        srv.cmd('ip addr add %s/24 dev srv-eth0' % address)
    yield CLIENTS
    for address in CLIENTS[1:]:
        srv.cmd('ip addr del %s/24 dev srv-eth0' % address)




def names_from(srv, count, dst=VIP, src='0.0.0.0', result_of=None):
    result = hosts.host_tool(srv, 'tcp-names', '--dst', dst, '--port', 80, '--src', src, '--count', count,
                             timeout=count * 4 + 10)
    assert not result['failures'], result
    assert len(result['names']) == count, result
    if result_of is not None:
        result_of.update(result)
    return result['names']


COSTS = ('vserver.session_opened', 'packet_in', 'sent.flow_mod', 'sent.packet_out', 'translated_in_controller')


def costs():
    return {name: rest.event_counter(name) for name in COSTS}


def session_flows(server_ip):
    """The NAT table's flows that send traffic to `server_ip` (inbound halves of sessions)."""
    return [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE)
            if 'set_field:%s->ip_dst' % server_ip in f.actions]


def test_thirty_connections_spread_over_three_servers(nat, name_servers):
    srv = nat.get('srv')
    names_from(srv, 3)  # the router learns the servers' MACs (their ARP and host flows are no connection's cost)
    before = chosen(10)
    cost_before = costs()
    run = {}
    names = names_from(srv, 30, result_of=run)
    counts = collections.Counter(names)
    spent = waiting.wait_until(
        lambda: (lambda c: c if c['vserver.session_opened'] - cost_before['vserver.session_opened'] >= 30 else None)(
            costs()), 10, 'the controller to count 30 virtual server sessions')
    spent = {name: spent[name] - cost_before[name] for name in COSTS}
    print('\n[vserver] 30 connections in %.3f s; controller: %s' % (run['seconds'], spent))
    assert spent['vserver.session_opened'] == 30, spent
    # one packet-in (the SYN), two flow-mods and one packet-out per connection; nothing comes back
    assert spent['packet_in'] == 30 and spent['translated_in_controller'] == 0, spent
    assert spent['sent.flow_mod'] == 2 * 30 and spent['sent.packet_out'] == 30, spent
    assert set(counts) == set(NAMES), counts
    assert all(counts[n] >= 1 for n in NAMES), counts
    assert max(counts.values()) - min(counts.values()) <= 1, 'round robin: %s' % counts
    after = chosen(10)
    assert {n: after[n] - before[n] for n in NAMES} == dict(counts), (before, after, counts)
    # every connection was its own session with its own flows; the servers saw srv's own address
    for name in NAMES:
        peers = [line['peer'] for line in hosts.json_lines(name_servers[name]) if 'peer' in line]
        assert peers and {p.split(':')[0] for p in peers} == {SRV}, (name, peers)
    listed = sessions(10)
    assert all(s['listed'] for s in listed['servers']), listed
    # packets and bytes per server: ended sessions' flow removals plus live flows' stats, both ways
    # (each connection: at least SYN, request, FIN, ACKs inbound and as many outbound)
    for s in listed['servers']:
        name = next(n for n in NAMES if SERVERS[n] == '%s:%d' % (s['address'], s['port']))
        assert s['packets'] >= 6 * counts[name] and s['bytes'] > 0, s


def test_source_hash_keeps_a_client_on_one_server(nat, name_servers, client_addresses):
    status, added = rest.api('POST', '/api/rules?position=0', {
        'number': 20, 'kind': 'vserver', 'protocol': 'tcp', 'publicAddress': VIP2, 'publicPort': 80,
        'servers': list(SERVERS.values()), 'scheduler': 'source-hash', 'description': 'sticky'})
    assert status == 201, added
    assert added['scheduler'] == 'source-hash' and added['servers'] == list(SERVERS.values()), added
    srv = nat.get('srv')
    landed = {}
    for client in client_addresses:
        names = names_from(srv, 6, dst=VIP2, src=client)
        assert len(set(names)) == 1, 'client %s landed on %s' % (client, names)
        landed[client] = names[0]
    # again, after the others: still the same server each
    for client in client_addresses:
        assert set(names_from(srv, 3, dst=VIP2, src=client)) == {landed[client]}, (client, landed)
    print('\n[vserver] source-hash: %s' % landed)
    counts = chosen(20)
    expected = collections.Counter(landed.values())
    assert {n: counts[n] for n in NAMES} == {n: expected[n] * 9 for n in NAMES}, (counts, landed)
    status, _ = rest.api('DELETE', '/api/rules/20')
    assert status == 200


def test_removing_a_server_keeps_its_live_connection(nat, name_servers, host_procs):
    srv = nat.get('srv')
    held = host_procs.tool(srv, 'tcp-hold', '--dst', VIP, '--port', 80, '--sport', 45080, '--hold', 60,
                           '--again', ready='"echoed"', stdin=subprocess.PIPE)
    first = waiting.wait_until(lambda: next((l for l in hosts.json_lines(held) if 'echoed' in l), None), 15,
                               'the held connection answered')
    victim = first['echoed'].split(':')[0]
    assert victim in NAMES and first['echoed'].endswith('hello natflow\n'), first
    victim_ip = topo.LAN_HOSTS[victim][0]
    assert session_flows(victim_ip), 'the held session has its flow in the switch'

    rule = sessions(10)['rule']
    remaining = [address for name, address in SERVERS.items() if name != victim]
    rule['servers'] = remaining
    status, replaced = rest.api('PUT', '/api/rules/10', rule)
    assert status == 200 and replaced['servers'] == remaining, replaced

    names = names_from(srv, 15)
    assert victim not in names and len(set(names)) == 2, (victim, names)
    still = [f for f in session_flows(victim_ip) if f.match.get('tp_src') == '45080' or
             f.match.get('tcp_src') == '45080']
    assert still, 'the removed server keeps its live session flow'
    table = sessions(10)
    gone = [s for s in table['servers'] if s['address'] == victim_ip]
    # closed connections' sessions live on until their flows idle out (fin_timeout: the transitory timer)
    assert gone and not gone[0]['listed'] and gone[0]['live'] >= 1, table['servers']
    assert any(s['serverAddress'] == victim_ip and s['clientPort'] == 45080 for s in table['sessions']), table

    held.write_line('go')
    again = waiting.wait_until(lambda: next((l for l in hosts.json_lines(held) if 'again' in l), None), 15,
                               'the held connection echoed again')
    assert again['again'] == '%s: again natflow\n' % victim, again

    rule['servers'] = list(SERVERS.values())  # back as it was, for the next test
    status, _ = rest.api('PUT', '/api/rules/10', rule)
    assert status == 200


def test_cli_adds_and_shows_a_vserver_and_refuses_bad_ones(nat, name_servers, cli):
    rc, out, err = cli('rules', 'add', 'vserver', '--number', 30, '-p', 'tcp', '--public', '203.0.113.82',
                       '--public-port', 80, '--server', SERVERS['h1'] + ',' + SERVERS['h2'], '--position', 0)
    assert rc == 0 and out.startswith('added rule 30 at position 0'), (rc, out, err)
    names = names_from(nat.get('srv'), 4, dst='203.0.113.82')
    assert collections.Counter(names) == {'h1': 2, 'h2': 2}, names
    rc, out, err = cli('rules', 'sessions', 30)
    assert rc == 0 and 'SERVER' in out and SERVERS['h1'] in out, (rc, out, err)
    rc, out, err = cli('rules', 'sessions', 30, '--json')
    assert rc == 0, err
    assert sorted(s['chosen'] for s in json.loads(out)['servers']) == [2, 2], out
    rc, out, err = cli('rules', 'list')
    assert rc == 0 and '203.0.113.82:80 -> ' in out, out

    rc, out, err = cli('rules', 'add', 'vserver', '-p', 'tcp', '--public', '203.0.113.83', '--public-port', 80,
                       '--server', '192.0.2.5:80')
    assert rc == 1 and 'HTTP 422' in err and 'not a host of a LAN prefix' in err, (rc, err)
    rc, out, err = cli('rules', 'add', 'vserver', '-p', 'tcp', '--public', '203.0.113.83', '--public-port', 80,
                       '--server', SERVERS['h1'] + ',' + SERVERS['h1'])
    assert rc == 1 and 'HTTP 422' in err and 'twice' in err, (rc, err)
    rc, out, err = cli('rules', 'add', 'vserver', '-p', 'tcp', '--public', VIP, '--public-port', 80,
                       '--server', SERVERS['h3'])
    assert rc == 1 and 'HTTP 409' in err and 'rule 10' in err, (rc, err)
    rc, out, err = cli('rules', 'add', 'vserver', '-p', 'tcp', '--public', topo.NAT_PUBLIC_IP,
                       '--public-port', 80, '--server', SERVERS['h3'])
    assert rc == 1 and 'HTTP 409' in err and 'pool' in err, (rc, err)
    status, answer = rest.api('GET', '/api/rules/100/sessions')
    assert status == 404 and 'not a virtual server' in json.dumps(answer), answer
    rc, out, err = cli('rules', 'delete', 30)
    assert rc == 0


def test_a_udp_virtual_server(nat, host_procs):
    echoes = {name: host_procs.tool(nat.get(name), 'udp-echo', '--bind', topo.LAN_HOSTS[name][0], '--port', 8053)
              for name in ('h1', 'h2')}
    status, added = rest.api('POST', '/api/rules?position=0', {
        'number': 40, 'kind': 'vserver', 'protocol': 'udp', 'publicAddress': VIP, 'publicPort': 53,
        'servers': ['%s:8053' % topo.LAN_HOSTS[n][0] for n in ('h1', 'h2')]})
    assert status == 201, added
    srv = nat.get('srv')
    for sport in (47001, 47002, 47003, 47004):
        result = hosts.host_tool(srv, 'udp-client', '--dst', VIP, '--port', 53, '--sport', sport, '--count', 3)
        assert result['received'] == 3 and result['intact'] == 3, (sport, result)
    for name, echo in echoes.items():
        peers = {line['peer'] for line in hosts.json_lines(echo) if 'peer' in line}
        assert len(peers) == 2 and {p.split(':')[0] for p in peers} == {SRV}, (name, peers)
    table = sessions(40)
    assert table['live'] == 4 and sorted(s['chosen'] for s in table['servers']) == [2, 2], table
    status, _ = rest.api('DELETE', '/api/rules/40')
    assert status == 200
    assert not [f for f in ovs.flows(topo.SWITCH_NAME, pipeline.NAT_TABLE) if 'udp' in f.match
                and f.match.get('nw_dst') == VIP], 'deleting the rule deletes its sessions\' flows'
