"""End-to-end: NAT-PMP (RFC 6886) with the real client natpmpc (Debian package natpmpc) from h1
against the router's LAN address. A mapping lets srv connect in; lifetime 0 removes it; a port
already forwarded (natflow.yml's tcp 8080 -> h3:80) gets the next free one. Config:
configs/nat-pcp.yml (pcp.enabled, portRanges 5000-5099 and 8080-8099, maxLifetime 8s).
Every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_natpmp.py
"""

import re
import shutil

import pytest

from e2e import config, hosts, rest, waiting
import topo

PUBLIC = topo.NAT_PUBLIC_IP
ROUTER = topo.ROUTER_LAN_IP
H1 = topo.LAN_HOSTS['h1'][0]
MAX_LIFETIME = 8          # configs/nat-pcp.yml pcp.maxLifetime


@pytest.fixture(scope='module')
def controller_config():
    return config.config_file('nat-pcp.yml')


@pytest.fixture(scope='module', autouse=True)
def natpmpc_installed():
    if shutil.which('natpmpc') is None:
        pytest.fail('natpmpc is not installed (Debian package natpmpc; ./setup.sh installs it)', pytrace=False)


def natpmpc(host, *args):
    rc, out = hosts.host_run(host, ['natpmpc', '-g', ROUTER] + [str(a) for a in args], timeout=40)
    return rc, out


def mapped_port(out):
    m = re.search(r'Mapped public port (\d+) protocol (\w+) to local port (\d+) (?:liftime|lifetime) (\d+)', out)
    return None if m is None else {'public': int(m.group(1)), 'protocol': m.group(2), 'local': int(m.group(3)),
                                   'lifetime': int(m.group(4))}


def srv_connects(srv, port):
    rc, _ = hosts.host_run(srv, 'nc -z -w 3 %s %d' % (PUBLIC, port), timeout=10)
    return rc == 0


def leases():
    return [f for f in rest.http_get_json(config.REST_URL + '/api/forwards') if f['source'] in ('pcp', 'natpmp')]


def test_public_address_and_a_mapping_srv_connects_through(nat, host_procs, controller):
    h1, srv = nat.get('h1'), nat.get('srv')
    host_procs.tool(h1, 'tcp-echo', '--bind', H1, '--port', 5000)
    assert not srv_connects(srv, 5000), 'positive control: no forward yet, the connection must fail'

    rc, out = natpmpc(h1, '-a', 5000, 5000, 'tcp', 60)
    assert rc == 0, out
    assert 'Public IP address : %s' % PUBLIC in out, out
    got = mapped_port(out)
    assert got == {'public': 5000, 'protocol': 'TCP', 'local': 5000, 'lifetime': MAX_LIFETIME}, out
    listed = leases()
    assert [(f['source'], f['publicPort'], f['internalAddress'], f['internalPort']) for f in listed] == \
        [('natpmp', 5000, H1, 5000)], listed
    assert listed[0]['expiresAt'] is not None
    assert srv_connects(srv, 5000), 'srv -> %s:5000 through the NAT-PMP mapping' % PUBLIC

    rc, out = natpmpc(h1, '-a', 5000, 5000, 'tcp', 0)
    assert rc == 0, out
    assert leases() == []
    assert not srv_connects(srv, 5000), 'the deleted mapping still lets srv in'
    log = controller.log_text()
    assert re.search(r'event=created .*public=%s:5000 remote=any origin=NATPMP' % re.escape(PUBLIC), log), \
        'no mapping-log line for the lease'
    assert re.search(r'event=removed .*public=%s:5000 origin=NATPMP reason=LEASE_DELETED' % re.escape(PUBLIC), log)


def test_a_port_already_forwarded_gets_the_next_free_one(nat, host_procs):
    h1 = nat.get('h1')
    rc, out = natpmpc(h1, '-a', 8080, 5001, 'tcp', 60)   # 8080 is natflow.yml's forward to h3:80
    assert rc == 0, out
    got = mapped_port(out)
    assert got is not None and got['public'] == 8081 and got['local'] == 5001, out
    config_forward = [f for f in rest.http_get_json(config.REST_URL + '/api/forwards') if f['source'] == 'config']
    assert [(f['publicPort'], f['internalAddress']) for f in config_forward] == [(8080, topo.LAN_HOSTS['h3'][0])]


def test_a_mapping_expires_after_its_lifetime(nat, host_procs):
    h1 = nat.get('h1')
    rc, out = natpmpc(h1, '-a', 5010, 5010, 'udp', 60)
    assert rc == 0 and mapped_port(out) is not None, out
    waiting.wait_until(lambda: not any(f['publicPort'] == 5010 for f in leases()), MAX_LIFETIME + 5,
                   'the NAT-PMP lease on 5010 to expire after %d s' % MAX_LIFETIME)
