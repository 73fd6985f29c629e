"""End-to-end: PCP (RFC 6887) on the router's LAN address, with a client written in
pcp_client.py from the RFC's wire format (Python struct over a UDP socket in h1): MAP, renew,
delete, PEER, a request for another host refused, a malformed request answered
MALFORMED_REQUEST, expiry after the lifetime. Config: configs/nat-pcp.yml (maxLifetime 8s).
Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_pcp.py
"""

import json
from pathlib import Path

import pytest

from e2e import config, hosts, rest, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
ROUTER = topo.ROUTER_LAN_IP
SRV = topo.SRV_IP
H1 = topo.LAN_HOSTS['h1'][0]
H2 = topo.LAN_HOSTS['h2'][0]
MAX_LIFETIME = 8          # configs/nat-pcp.yml pcp.maxLifetime
CLIENT = str(Path(__file__).resolve().parent / 'pcp_client.py')


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-pcp.yml')


def pcp(host, op, *args):
    rc, out = hosts.host_run(host, [hosts.HOST_PYTHON, '-u', CLIENT, op, '--server', ROUTER] + [str(a) for a in args],
                           timeout=20)
    assert rc == 0, out
    return json.loads(out.strip().splitlines()[-1])


def pcp_map(host, client, internal, lifetime, nonce=1, suggest=0, proto=6, *extra):
    return pcp(host, 'map', '--client', client, '--proto', proto, '--internal', internal, '--suggest', suggest,
               '--lifetime', lifetime, '--nonce', nonce, *extra)


def leases():
    return [f for f in rest.http_get_json(config.REST_URL + '/api/forwards') if f['source'] in ('pcp', 'natpmp')]


def srv_connects(srv, port):
    rc, _ = hosts.host_run(srv, 'nc -z -w 3 %s %d' % (PUBLIC, port), timeout=10)
    return rc == 0


def test_announce_answers_with_the_epoch(nat):
    r = pcp(nat.get('h1'), 'announce', '--client', H1)
    assert r['response'] and r['opcode'] == 0 and r['result_name'] == 'SUCCESS', r
    assert 0 <= r['epoch'] < 600, r
    # the unsolicited ANNOUNCE at the first switch connection: one per LAN port (s1-eth1..3)
    waiting.wait_until(lambda: rest.event_counter('pcp.announce_sent') == 3, 5, 'pcp.announce_sent == 3')
    waiting.wait_until(lambda: rest.event_counter('pcp.request.ANNOUNCE') >= 1, 5, 'the ANNOUNCE request counted')


def test_map_renew_delete(nat, host_procs, controller):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(h1, 'tcp-echo', '--bind', H1, '--port', 6000)
    assert not srv_connects(srv, 5020), 'positive control: no forward yet'

    r = pcp_map(h1, H1, 6000, 60, nonce=7, suggest=5020)
    assert r['result_name'] == 'SUCCESS', r
    assert (r['external_ip'], r['external_port'], r['internal_port'], r['nonce']) == (PUBLIC, 5020, 6000, 7), r
    assert r['lifetime'] == MAX_LIFETIME, r
    assert [(f['source'], f['publicPort'], f['internalPort']) for f in leases()] == [('pcp', 5020, 6000)]
    assert srv_connects(srv, 5020), 'srv -> %s:5020 through the PCP mapping' % PUBLIC

    expires = leases()[0]['expiresAt']
    renewed = pcp_map(h1, H1, 6000, 60, nonce=7)
    assert renewed['result_name'] == 'SUCCESS' and renewed['external_port'] == 5020, renewed
    assert leases()[0]['expiresAt'] >= expires

    other_nonce = pcp_map(h1, H1, 6000, 0, nonce=8)
    assert other_nonce['result_name'] == 'NOT_AUTHORIZED', other_nonce
    assert len(leases()) == 1

    deleted = pcp_map(h1, H1, 6000, 0, nonce=7)
    assert deleted['result_name'] == 'SUCCESS' and deleted['lifetime'] == 0, deleted
    assert leases() == []
    assert not srv_connects(srv, 5020), 'the deleted mapping still lets srv in'
    assert 'origin=PCP reason=LEASE_DELETED' in controller.log_text()


def test_a_config_forwards_port_is_never_taken(nat):
    h1 = nat.get('h1')
    r = pcp_map(h1, H1, 6001, 60, nonce=1, suggest=8080)
    assert r['result_name'] == 'SUCCESS' and r['external_port'] not in (8080, 0), r
    strict = pcp_map(h1, H1, 6002, 60, 1, 8080, 6, '--prefer-failure')
    assert strict['result_name'] == 'CANNOT_PROVIDE_EXTERNAL', strict
    pcp_map(h1, H1, 6001, 0, nonce=1)


def test_requests_for_another_host_are_refused(nat):
    h1 = nat.get('h1')
    mismatch = pcp_map(h1, H2, 6003, 60)
    assert mismatch['result_name'] == 'ADDRESS_MISMATCH', mismatch
    third = pcp_map(h1, H1, 6003, 60, 1, 0, 6, '--third-party', H2)
    assert third['result_name'] == 'NOT_AUTHORIZED', third
    assert leases() == []


def test_malformed_and_unknown_requests_get_typed_errors(nat):
    h1 = nat.get('h1')
    header = '0201' + '0000' + '0000003c' + '00' * 10 + 'ffff' + bytes(map(int, H1.split('.'))).hex()
    short_map = header + '00' * 20          # a MAP header with 20 of its 36 bytes of data
    r = pcp(h1, 'raw', '--hex', short_map)
    assert r['result_name'] == 'MALFORMED_REQUEST' and r['response'], r
    unknown = '0209' + header[4:]
    assert pcp(h1, 'raw', '--hex', unknown)['result_name'] == 'UNSUPP_OPCODE'
    assert pcp(h1, 'raw', '--hex', '03' + header[2:])['result_name'] == 'UNSUPP_VERSION'
    waiting.wait_until(lambda: rest.event_counter('pcp.result.MALFORMED_REQUEST') >= 1, 5, 'the MALFORMED_REQUEST counted')


def test_peer_reports_the_outbound_sessions_mapping(nat, host_procs):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', 7000)
    r = pcp(h1, 'peer', '--client', H1, '--proto', 17, '--remote', '%s:7000' % SRV, '--lifetime', 60)
    assert r['echoed'], r
    assert r['result_name'] == 'SUCCESS', r
    mapping = rest.mapping_of('udp', H1, r['session_port'])
    assert mapping is not None, r
    assert (r['external_ip'], r['external_port']) == (PUBLIC, mapping['publicPort']), (r, mapping)
    assert (r['remote_ip'], r['remote_port']) == (SRV, 7000), r


def test_a_mapping_expires_after_its_lifetime(nat):
    h1 = nat.get('h1')
    r = pcp_map(h1, H1, 6004, 3600, nonce=3, suggest=5030, proto=17)
    assert r['result_name'] == 'SUCCESS' and r['lifetime'] == MAX_LIFETIME, r
    assert any(f['publicPort'] == r['external_port'] for f in leases())
    waiting.wait_until(lambda: not any(f['publicPort'] == r['external_port'] for f in leases()), MAX_LIFETIME + 5,
                   'the PCP lease to expire after %d s' % MAX_LIFETIME)
