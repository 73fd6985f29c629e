"""End-to-end: ARP inspection (issue 10.2). The router is the LAN's switch, so it does what a
managed switch's ARP inspection does: an ARP whose sender MAC is no host's unicast MAC, or
differs from the frame's Ethernet source, is dropped; an ARP claiming the router's address is
never relayed and is answered with the truth; a claim on an address bound to another MAC or
port waits until the current owner was asked, and moves the binding only if it stays silent.
Hostile frames are crafted with scapy (host_tools.py send-arp) inside the Mininet hosts; the
proof is in the switch's route flows, captures on the other hosts and the drop counters.

    flock /tmp/natflow-mininet.lock /usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/test_dataplane_arp.py
"""

import re

import pytest

from e2e import hosts, ovs, pipeline, rest, waiting
import topo

ROUTER = topo.ROUTER_LAN_IP
ROUTER_MAC = '02:00:00:00:00:01'
SRV = topo.SRV_IP
(H1, H1_MAC, _), (H2, H2_MAC, _), (H3, H3_MAC, _) = (topo.LAN_HOSTS[h] for h in ('h1', 'h2', 'h3'))
PROBE_SECONDS = 2            # ArpService.PROBE_MILLIS


@pytest.fixture(scope='module')
def lan(nat):
    """Every LAN host has ARPed for the router (bindings learned) and reaches srv."""
    for name in ('h1', 'h2', 'h3'):
        hosts.wait_ping(nat.get(name), SRV)
    return nat


def send_arp(host, **fields):
    args = ['--iface', '%s-eth0' % host.name]
    for key, value in fields.items():
        args += ['--' + key.replace('_', '-'), value]
    return hosts.host_tool(host, 'send-arp', *args)


def route_to(ip):
    """(eth_dst it sets, output port) of the host route to ip (priority 100)."""
    for f in ovs.host_routes(topo.SWITCH_NAME, ip):
        if f.priority == 100:
            mac = re.search(r'set_field:([0-9a-f:]{17})->eth_dst', f.actions).group(1)
            return mac, re.search(r'output:(\d+)', f.actions).group(1)
    return None


def route_changed(ip, mac, port):
    now = route_to(ip)
    return now if now != (mac, str(port)) else None


def drop(reason):
    return rest.drops().get(reason, 0)


def test_sender_macs_that_are_no_hosts_mac_are_dropped(lan):
    """ff:ff:ff:ff:ff:ff, a multicast MAC, zero, and a MAC other than the Ethernet source, each
    claiming h1's address from h3: h1's route keeps h1's MAC, no L2 flow for them appears."""
    h1, h3 = lan.get('h1'), lan.get('h3')
    assert route_to(H1) == (H1_MAC, '1'), route_to(H1)
    before = {r: drop(r) for r in ('ARP_SENDER_MAC_INVALID', 'ARP_SENDER_MAC_MISMATCH')}
    for bad in ('ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '00:00:00:00:00:00', '02:00:0a:00:00:99'):
        send_arp(h3, eth_src=H3_MAC, hwsrc=bad, psrc=H1, pdst=H1, op='reply')
    waiting.assert_never(lambda: route_changed(H1, H1_MAC, 1), 2, "h1's route moved on a hostile ARP")
    waiting.wait_until(lambda: drop('ARP_SENDER_MAC_INVALID') >= before['ARP_SENDER_MAC_INVALID'] + 3
                   and drop('ARP_SENDER_MAC_MISMATCH') >= before['ARP_SENDER_MAC_MISMATCH'] + 1, 5,
                   '3 ARP_SENDER_MAC_INVALID and 1 ARP_SENDER_MAC_MISMATCH drops')
    l2 = [f.text for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE)
          if f.match.get('dl_dst') in ('ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '02:00:0a:00:00:99')]
    assert not l2, l2
    received, out = hosts.ping(h1, SRV, 2)
    assert received == 2, out
    print('\n[arp] drops: %s' % {r: drop(r) for r in before})


def test_a_claim_of_the_routers_address_is_not_relayed_and_is_answered(lan, host_procs):
    """A gratuitous ARP (reply and request) from h3 saying 10.0.0.1 is at h3's MAC: neither h1
    nor h2 sees it, h1 keeps the router's MAC for 10.0.0.1, h3 is told the truth."""
    h1, h2, h3 = lan.get('h1'), lan.get('h2'), lan.get('h3')
    caps = {h.name: host_procs.capture(h, '%s-eth0' % h.name, 'arp', verbose=False) for h in (h1, h2, h3)}
    before = drop('ARP_CLAIMS_ROUTER_ADDRESS')
    send_arp(h3, eth_src=H3_MAC, psrc=ROUTER, pdst=ROUTER, hwdst='ff:ff:ff:ff:ff:ff', op='reply')
    send_arp(h3, eth_src=H3_MAC, psrc=ROUTER, pdst=H1, op='request')
    caps['h3'].wait_output(lambda t: t.count('Reply %s is-at %s' % (ROUTER, ROUTER_MAC)) >= 2, 5,
                           'the truth (10.0.0.1 is-at the router MAC) twice on h3')
    waiting.wait_until(lambda: drop('ARP_CLAIMS_ROUTER_ADDRESS') >= before + 2, 5, 'two ARP_CLAIMS_ROUTER_ADDRESS drops')
    received, out = hosts.ping(h1, H2, 2)            # intra-LAN ARP and traffic still work
    assert received == 2, out
    for cap in caps.values():
        cap.stop()
    for name in ('h1', 'h2'):
        claims = [line for line in caps[name].output().splitlines() if H3_MAC in line]
        assert not claims, 'the claim reached %s:\n%s' % (name, '\n'.join(claims))
    rc, neigh = hosts.host_run(h1, 'ip neigh show %s' % ROUTER)
    assert ROUTER_MAC in neigh, 'h1 believes 10.0.0.1 is at: %s' % neigh


def test_another_host_claiming_a_bound_address_is_refused(lan, host_procs):
    """h3 tells h2 that h1's address is at h3's own MAC (its Ethernet source agrees): the
    router asks h1 (unicast ARP to h1's MAC), h1 answers, the binding stays, h2 never hears it."""
    h1, h2, h3 = lan.get('h1'), lan.get('h2'), lan.get('h3')
    cap_h1 = host_procs.capture(h1, 'h1-eth0', 'arp', verbose=False)
    cap_h2 = host_procs.capture(h2, 'h2-eth0', 'arp', verbose=False)
    before = drop('ARP_BINDING_CONFLICT')
    refused_before = rest.event_counter('arp.claim_refused')
    send_arp(h3, eth_src=H3_MAC, eth_dst=H2_MAC, psrc=H1, pdst=H2, hwdst=H2_MAC, op='reply')
    cap_h1.wait_output('Request who-has %s tell %s' % (H1, ROUTER), 5, "the router's probe of h1 on h1")
    waiting.assert_never(lambda: route_changed(H1, H1_MAC, 1), PROBE_SECONDS + 2, "h1's route moved to the claimant")
    assert drop('ARP_BINDING_CONFLICT') >= before + 1, rest.drops()
    waiting.wait_until(lambda: rest.event_counter('arp.claim_refused') >= refused_before + 1, 5,
                   'the arp.claim_refused counter')
    cap_h2.stop()
    assert H3_MAC not in cap_h2.output(), 'the claim reached h2:\n' + cap_h2.output()
    received, out = hosts.ping(h1, SRV, 2)
    assert received == 2, out
    print('\n[arp] ARP_BINDING_CONFLICT=%d arp.claim_refused=%d'
          % (drop('ARP_BINDING_CONFLICT'), rest.event_counter('arp.claim_refused')))


def test_a_host_whose_mac_changed_is_reachable_once_its_old_mac_stays_silent(lan):
    """h2 changes its MAC and announces it: after the probe of the old MAC goes unanswered the
    route follows the new MAC; h2 reaches srv again. (Last in the module; h2 gets its MAC back.)"""
    h2 = lan.get('h2')
    new_mac = '02:00:0a:00:00:cc'

    def move_to(mac):
        moved = rest.event_counter('arp.host_moved')
        rc, out = hosts.host_run(h2, 'ip link set dev h2-eth0 address %s' % mac)
        assert rc == 0, out
        send_arp(h2, eth_src=mac, psrc=H2, pdst=H2, op='request')
        waiting.wait_until(lambda: route_to(H2) == (mac, '2'), PROBE_SECONDS + 6,
                       "h2's route to follow its MAC to %s" % mac)
        waiting.wait_until(lambda: rest.event_counter('arp.host_moved') >= moved + 1, 3, 'the arp.host_moved counter')
        hosts.wait_ping(h2, SRV, timeout=10)

    try:
        move_to(new_mac)
        old_l2 = [f.text for f in ovs.flows(topo.SWITCH_NAME, pipeline.CLASSIFY_TABLE) if f.match.get('dl_dst') == H2_MAC]
        assert not old_l2, 'the old MAC keeps an intra-LAN flow: %s' % old_l2
    finally:
        move_to(H2_MAC)
