"""End-to-end: new flows whose first packet reaches a restarted controller while it is still
connecting the switch or reading the switch's flows back are neither lost nor allowed to take
over a live mapping. h3 opens a new UDP flow every 10 ms (one datagram each, never a retry)
across a controller SIGKILL and restart, while h1 and h2 hold TCP connections (the first
mappings, ids 1 and 2). Every datagram sent after the switch connected to the new controller
must get its echo, and the held connections must come back with their ids and ports.

Default natflow.yml; every wait is bounded; run as root:

    /usr/bin/python3 -m pytest -v mininet/test_restore_race.py
"""

import datetime
import re
import signal
import subprocess
import time

from e2e import config, hosts, rest, waiting
import topo

SRV = topo.SRV_IP
ECHO = 5101
HOLD_PORTS = {'h1': 44000, 'h2': 44001}
PROBE_INTERVAL = 0.01
# Open vSwitch sends packet-ins once its connection has exchanged HELLOs, which it logs as
# "<bridge><->tcp:...: connected" (ovs-vswitchd.log, UTC, ms); what it saw before, it dropped.
HELLO_MARGIN = 0.005
OVS_LOG = '/var/log/openvswitch/ovs-vswitchd.log'

_OVS_CONNECTED = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z\|\d+\|rconn\|INFO\|%s<->tcp:127\.0\.0\.1:%d: '
                            r'connected$' % (topo.SWITCH_NAME, config.OPENFLOW_PORT))


def switch_connected_since(epoch):
    """Epoch seconds of the first "connected" the switch logged after `epoch`."""
    with open(OVS_LOG) as log:
        for line in log:
            match = _OVS_CONNECTED.match(line.strip())
            if match:
                at = datetime.datetime.strptime(match.group(1), '%Y-%m-%dT%H:%M:%S.%f')
                at = at.replace(tzinfo=datetime.timezone.utc).timestamp()
                if at > epoch:
                    return at
    raise AssertionError('no "%s<->tcp:...: connected" in %s after %.3f' % (topo.SWITCH_NAME, OVS_LOG, epoch))


def tcp_mapping(internal):
    found = rest.http_get_json('%s/api/mappings?internal=%s&protocol=tcp' % (config.REST_URL, internal))
    return found['items'][0] if found['matched'] == 1 else None


def prometheus_value(name):
    _, body = rest.http_get(config.ADMIN_URL + '/prometheus')
    match = re.search(r'^%s (\S+)$' % re.escape(name), body, re.M)
    return float(match.group(1)) if match else 0.0


def test_first_datagrams_during_the_restart_are_held_not_lost(controller, nat, host_procs):
    h3, srv = nat.get('h3'), nat.get('srv')
    host_procs.tool(srv, 'udp-echo', '--bind', SRV, '--port', ECHO)
    host_procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', ECHO)
    holders, before = {}, {}
    for name, sport in HOLD_PORTS.items():
        holders[name] = host_procs.tool(nat.get(name), 'tcp-hold', '--dst', SRV, '--port', ECHO, '--sport', sport,
                                        '--hold', 60, ready='"echoed"', stdin=subprocess.PIPE)
        internal = '%s:%d' % (topo.LAN_HOSTS[name][0], sport)
        before[name] = waiting.wait_until(lambda i=internal: tcp_mapping(i), 10, '%s in GET /api/mappings' % internal)

    prober = host_procs.start(h3, hosts.tool_args('udp-probe', '--dst', SRV, '--port', ECHO, '--interval',
                                                PROBE_INTERVAL, '--duration', 16, '--timeout', 3), name='probe')
    waiting.wait_until(lambda: rest.http_get_json(config.REST_URL + '/api/stats')['totals']['sessionSetups'] >= 50, 10,
                   'the prober\'s flows to be set up before the restart')
    killed = time.time()
    controller.stop(signal.SIGKILL)
    controller.start()
    waiting.wait_until(lambda: controller.switch(topo.DPID), 30, 's1 listed after the restart')
    assert prober.popen.wait(timeout=40) == 0, prober.output()

    connected = switch_connected_since(killed)
    probes = [p for p in hosts.json_lines(prober) if 'probe' in p]
    after = [p for p in probes if p['sent'] >= connected + HELLO_MARGIN]
    lost = [p for p in after if not p['answered']]
    held = prometheus_value('natflow_events_restore_held')
    print('\n[restore] %d probes, %d sent after the switch connected (%.3f), %d of them lost; '
          '%d packet-ins held during the restore'
          % (len(probes), len(after), connected, len(lost), held))
    assert len(after) > 100, 'the prober stopped too early: %d probes after the reconnect' % len(after)
    assert not lost, 'first datagrams lost after the switch connected to the new controller: %s' % lost[:10]

    # The live TCP connections came back with their ids and ports: no new flow took them.
    for name, sport in HOLD_PORTS.items():
        internal = '%s:%d' % (topo.LAN_HOSTS[name][0], sport)
        m = waiting.wait_until(lambda i=internal: tcp_mapping(i), 10, '%s restored' % internal)
        assert (m['id'], m['publicPort']) == (before[name]['id'], before[name]['publicPort']), (before[name], m)
    assert prometheus_value('natflow_events_mapping_restore_refused') == 0, 'the restore refused a live mapping'
    for holder in holders.values():
        holder.write_line('close')
        holder.wait_output('"closed"', 10, 'a held connection to close after the restart')
