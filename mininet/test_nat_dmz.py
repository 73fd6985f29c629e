"""End-to-end: unsolicited inbound traffic under policy "dmz" (configs/nat-dmz.yml, DMZ
host h2 10.0.0.12): TCP and UDP to unmapped public ports reach h2; the port forward
(8080 -> h3) still takes precedence. Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_nat_dmz.py
"""

import pytest

from e2e import config, hosts, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
SRV = topo.SRV_IP
H2 = topo.LAN_HOSTS['h2'][0]
H3 = topo.LAN_HOSTS['h3'][0]
H2_MARKER = 'natflow-dmz-h2-page'
H3_MARKER = 'natflow-h3-page'


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-dmz.yml')


@pytest.fixture(scope='module')
def servers(nat, host_procs, tmp_path_factory):
    www = tmp_path_factory.mktemp('www')
    return {
        'h2_http': hosts.start_http_server(host_procs, nat.get('h2'), H2, 5555, H2_MARKER, www),
        'h2_udp': host_procs.tool(nat.get('h2'), 'udp-echo', '--bind', H2, '--port', 5556),
        'h3_http': hosts.start_http_server(host_procs, nat.get('h3'), H3, 80, H3_MARKER, www),
    }


def test_unsolicited_tcp_reaches_dmz_host(nat, servers):
    srv = nat.get('srv')
    rc, body = hosts.curl(srv, 'http://%s:5555/' % PUBLIC)
    assert rc == 0 and H2_MARKER in body, (rc, body)
    clients = waiting.wait_until(lambda: hosts.http_clients(servers['h2_http']), 5,
                             'the request in the DMZ host\'s HTTP log')
    assert clients == [SRV], clients


def test_unsolicited_udp_reaches_dmz_host(nat, servers):
    srv = nat.get('srv')
    result = hosts.host_tool(srv, 'udp-client', '--dst', PUBLIC, '--port', 5556, '--count', 3)
    assert result['received'] == 3 and result['intact'] == 3, result
    peers = {line['peer'].split(':')[0] for line in hosts.json_lines(servers['h2_udp']) if 'peer' in line}
    assert peers == {SRV}, peers


def test_forward_wins_over_dmz(nat, servers):
    srv = nat.get('srv')
    rc, body = hosts.curl(srv, 'http://%s:8080/' % PUBLIC)
    assert rc == 0 and H3_MARKER in body, (rc, body)
    assert hosts.http_clients(servers['h3_http']) == [SRV]
