"""End-to-end: packet-ins are bounded in the switch by OpenFlow meters, per port and kind. A
20,000 packets/s SYN scan of the public address from the WAN (5 s, 100,000 frames, raw from
gw) is dropped by the WAN port's meter, the controller sees at most that meter's rate, and the
LAN hosts' connection setup meanwhile is unaffected: every connection succeeds and their
ports' meters drop nothing; pings (ICMP has its own meters) all come back too. The meters'
counts reach /prometheus. Default natflow.yml
(packetInLimits.sessions 2000/s per port); every load is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_dataplane_meters.py
"""

import re

from e2e import config, hosts, ovs, pipeline, rest, waiting
import topo

SRV = topo.SRV_IP
ECHO = 5301
SCAN_RATE, SCAN_SECONDS = 20000, 5.0
SCAN_SOURCE = '198.51.100.66'
SESSIONS_RATE = 2000            # natflow.yml packetInLimits.sessions: rate and burst of each meter
ROUTER_MAC = '02:00:00:00:00:01'
CONNECTIONS = 40                # per LAN host, during the scan
PINGS = 20

_METER_STATS = re.compile(r'meter:(\d+) flow_count:\d+ packet_in_count:(\d+) byte_in_count:\d+ '
                          r'duration:\S+ bands:\s*0: packet_count:(\d+)')


def meter_stats():
    """{meter id: (packets seen, packets dropped)} from ovs-ofctl meter-stats."""
    text = ' '.join(ovs.run(ovs.OFCTL + ['meter-stats', topo.SWITCH_NAME]).split())
    return {int(m): (int(seen), int(dropped)) for m, seen, dropped in _METER_STATS.findall(text)}


def session_meter(port):
    """The meter of the first-packet flow (table UP) of switch port `port` (sessions kind), or None."""
    for f in ovs.flows(topo.SWITCH_NAME, pipeline.UP_TABLE):
        found = re.search(r'meter:(\d+)', f.actions)
        if found and f.match.get('in_port') == str(port) and 'icmp' not in f.match:
            return int(found.group(1))
    return None


def prometheus(name):
    _, body = rest.http_get(config.ADMIN_URL + '/prometheus')
    match = re.search(r'^%s (\S+)$' % re.escape(name), body, re.M)
    return float(match.group(1)) if match else None


def test_a_wan_scan_is_metered_and_lan_connection_setup_is_unaffected(controller, nat, host_procs):
    h1, h2, h3, gw, srv = (nat.get(n) for n in ('h1', 'h2', 'h3', 'gw', 'srv'))
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', ECHO)
    meters = {port: session_meter(port) for port in (1, 2, topo.WAN_PORT)}
    print('\n[meters] %s' % ovs.run(ovs.OFCTL + ['dump-meters', topo.SWITCH_NAME]).strip().splitlines()[:3])
    before = meter_stats()
    packet_ins_before = prometheus('natflow_events_packet_in') or 0

    scan = host_procs.tool(gw, 'syn-scan', '--intf', 'gw-eth0', '--dst-mac', ROUTER_MAC, '--src', SCAN_SOURCE,
                           '--dst', topo.NAT_PUBLIC_IP, '--rate', SCAN_RATE, '--duration', SCAN_SECONDS)
    results = hosts.host_run_many([(h, hosts.tool_args('tcp-connects', '--dst', SRV, '--port', ECHO, '--count',
                                                   CONNECTIONS, '--timeout', 3)) for h in (h1, h2)]
                                + [(h3, 'ping -n -c %d -i 0.1 -W 2 %s' % (PINGS, SRV))], timeout=120)
    assert scan.popen.wait(timeout=30) == 0, scan.output()
    scanned = [r for r in hosts.json_lines(scan) if 'sent' in r][0]
    after = meter_stats()
    packet_ins = (prometheus('natflow_events_packet_in') or 0) - packet_ins_before
    connects = [hosts.tool_result(h, out) for h, (rc, out) in zip((h1, h2), results)]
    pinged = int(re.search(r'(\d+) received', results[2][1]).group(1))

    def change(port, index):
        return after.get(meters[port], (0, 0))[index] - before.get(meters[port], (0, 0))[index]
    wan_seen, wan_dropped = change(topo.WAN_PORT, 0), change(topo.WAN_PORT, 1)
    lan_dropped = {p: change(p, 1) for p in (1, 2)}
    allowed = SESSIONS_RATE * (scanned['seconds'] + 1) + SESSIONS_RATE  # rate over the scan, plus one burst
    print('[meters] scan %s; WAN sessions meter: %d seen, %d dropped, %d passed (allowed %d); '
          'controller packet-ins %d; LAN drops %s; connections %s; pings %d/%d'
          % (scanned, wan_seen, wan_dropped, wan_seen - wan_dropped, allowed, packet_ins, lan_dropped,
             [(c['succeeded'], c['attempts']) for c in connects], pinged, PINGS))

    assert scanned['sent'] == SCAN_RATE * SCAN_SECONDS
    assert None not in meters.values(), 'every port\'s NAT-table misses go through a meter: %s' % meters
    assert wan_seen >= scanned['sent'] * 0.5, 'the scan did not reach the switch\'s meter'
    assert wan_seen - wan_dropped <= allowed, 'the WAN meter let more through than its rate'
    assert packet_ins <= allowed + 2 * CONNECTIONS * 8, 'the controller saw the scan unbounded'
    for c in connects:
        assert c['succeeded'] == c['attempts'] == CONNECTIONS, c
    assert lan_dropped == {1: 0, 2: 0}, 'the LAN ports\' meters dropped setups'
    assert pinged == PINGS, 'ICMP through the NAT suffered from the scan'

    # The same counts reach /prometheus (read from the switch every few seconds).
    waiting.wait_until(lambda: (prometheus('natflow_meter_sessions_s1_eth4_dropped') or 0)
                   >= after[meters[topo.WAN_PORT]][1],
                   15, 'natflow_meter_sessions_s1_eth4_dropped at /prometheus')
    assert prometheus('natflow_meter_sessions_s1_eth1_dropped') == 0
    assert prometheus('natflow_meter_total_passed') is not None
