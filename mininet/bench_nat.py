#!/usr/bin/python3
"""Side-by-side NAT benchmark: natflow, Open vSwitch conntrack NAT, static set-field flows and
Linux iptables MASQUERADE on one Mininet network, in one run, with the same hosts and tools
(mininet/bench.sh starts the controller and runs this; see docs/benchmarks.md).

Four lanes with identical addressing (each in its own namespaces), measured in turn, round robin:

    natflow   cli 10.0.0.11 --(1) nb1 [OVS userspace, natflow on tcp:127.0.0.1:16653] (2)-- srv 203.0.113.254
    ct        cli 10.0.0.11 --(1) nb2 [OVS userspace, ct(commit,nat(src=203.0.113.1)), no controller] (2)-- srv
    iptables  cli 10.0.0.11 -- rtr (Linux, ip_forward, MASQUERADE to 203.0.113.1) -- srv
    static    cli 10.0.0.11 --(1) nb3 [OVS userspace, static set-field flows, no controller] (2)-- srv
              (the baseline: the same actions natflow's flows use, installed by hand)

The public address is 203.0.113.1 and the router MAC 02:00:00:00:00:01 everywhere. Traffic stays
inside these namespaces. Phases:

1. `--runs` rounds over the lanes on the same network (natflow's NAT table keeps what earlier
   rounds left): new TCP connections (bench_tool crr: `--conns-per-run` connections at most
   `--crr-seconds`, each a 5-tuple not used before, so each is a first packet for the NAT),
   connect time, and around that interval the cost per connection: natflow's counters (admin
   /prometheus), OVS coverage counters, the datapath main thread's packets and upcalls, the CPU
   time of each ovs-vswitchd thread and of the controller, datapath flows (upcall/show sampled,
   dpctl per bridge); then a round trip on an established connection, ping and iperf3.
2. First packet (one client thread, `--first-packet-conns`): timestamped captures of SYN and
   SYN-ACK on the switch ports and of the OpenFlow channel (bench_firstpacket.py).
3. Profile (`--profile-seconds`, 0 = none): perf record of ovs-vswitchd during each OVS lane's crr.

Prints one JSON document on stdout (bench_report.py turns it into tables).
"""

import argparse
import json
import re
import subprocess
import sys
import time

from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import OVSSwitch, RemoteController

import bench_firstpacket as firstpacket
import bench_probes as probes
import ovs_addr2src
from topo import prepare_host, prepare_switch_port

ROUTER_MAC = '02:00:00:00:00:01'
CLI_IP, CLI_MAC = '10.0.0.11', '02:00:0a:00:00:0b'
SRV_IP, SRV_MAC = '203.0.113.254', '02:00:cb:00:71:fe'
PUBLIC_IP = '203.0.113.1'
LANES = ('natflow', 'ct', 'iptables', 'static')
SERVER_PORT = 20000      # crr servers: PORTS_PER_RUN ports per phase, from here up
PORTS_PER_RUN = 8
RR_PORT, IPERF_PORT = 19000, 19001
OVS_LANES = ('natflow', 'ct', 'static')
MAX_CONNS_PER_SLOT = 38000 * PORTS_PER_RUN   # bench_tool: 38,000 source ports per destination port
SWITCHES = {'natflow': ('nb1', '00000000000000b1'), 'ct': ('nb2', '00000000000000b2'),
            'static': ('nb3', '00000000000000b3')}


def sh(cmd):
    p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        raise RuntimeError('%s: %s' % (cmd, p.stdout))
    return p.stdout


def build(controller_port):
    net = Mininet(topo=None, build=False, controller=None, autoSetMacs=False,
                  autoStaticArp=False, waitConnected=False)
    net.addController('nbc0', controller=RemoteController, ip='127.0.0.1', port=controller_port)
    lanes = {}
    for lane in LANES:
        p = lane[0]   # n, c, i, s
        cli = net.addHost(p + 'cli', ip=CLI_IP + '/24', mac=CLI_MAC, defaultRoute='via 10.0.0.1')
        srv = net.addHost(p + 'srv', ip=SRV_IP + '/24', mac=SRV_MAC)
        if lane == 'iptables':
            rtr = net.addHost('irtr', ip='10.0.0.1/24', mac=ROUTER_MAC)
            net.addLink(cli, rtr)
            net.addLink(rtr, srv, params1={'ip': PUBLIC_IP + '/24'}, addr1='02:00:00:00:00:02')
            lanes[lane] = {'cli': cli, 'srv': srv, 'rtr': rtr}
        else:
            name, dpid = SWITCHES[lane]
            sw = net.addSwitch(name, cls=OVSSwitch, dpid=dpid, datapath='user',
                               protocols='OpenFlow13', failMode='secure')
            net.addLink(cli, sw, port2=1)
            net.addLink(srv, sw, port2=2)
            lanes[lane] = {'cli': cli, 'srv': srv, 'sw': sw}
    net.build()
    return net, lanes


def configure(net, lanes):
    for host in net.hosts:
        prepare_host(host)
    for lane, nodes in lanes.items():
        sw = nodes.get('sw')
        if sw is not None:
            sw.start([net.controllers[0]] if lane == 'natflow' else [])
            for intf in sw.intfList():
                if intf.name != 'lo':
                    prepare_switch_port(intf.name)
        if lane in ('ct', 'static', 'iptables'):
            # Nobody answers ARP for the router in the switch lanes; iptables' router does, but
            # keep the hosts identical.
            nodes['cli'].cmd('ip neigh replace 10.0.0.1 lladdr %s dev %s' % (ROUTER_MAC, nodes['cli'].defaultIntf()))
            rmac = '02:00:00:00:00:02' if lane == 'iptables' else ROUTER_MAC
            nodes['srv'].cmd('ip neigh replace %s lladdr %s dev %s' % (PUBLIC_IP, rmac, nodes['srv'].defaultIntf()))
    of = 'ovs-ofctl -O OpenFlow13 add-flow '
    out_to_srv = 'dec_ttl,mod_dl_src:%s,mod_dl_dst:%s,output:2' % (ROUTER_MAC, SRV_MAC)
    out_to_cli = 'dec_ttl,mod_dl_src:%s,mod_dl_dst:%s,output:1' % (ROUTER_MAC, CLI_MAC)
    for flow in ('priority=100,ip,in_port=1,actions=ct(table=1,zone=1,nat)',
                 'priority=100,ip,in_port=2,actions=ct(table=2,zone=1,nat)',
                 'table=1,priority=100,ip,ct_state=+new+trk,actions=ct(commit,zone=1,nat(src=%s:1024-65535)),%s'
                 % (PUBLIC_IP, out_to_srv),
                 'table=1,priority=90,ip,ct_state=+trk+est,actions=' + out_to_srv,
                 'table=1,priority=90,ip,ct_state=+trk+rel,actions=' + out_to_srv,
                 'table=2,priority=90,ip,ct_state=+trk+est,actions=' + out_to_cli,
                 'table=2,priority=90,ip,ct_state=+trk+rel,actions=' + out_to_cli):
        sh(of + "nb2 '%s'" % flow)
    for flow in ('priority=100,ip,in_port=1,nw_src=%s,actions=set_field:%s->ip_src,%s' % (CLI_IP, PUBLIC_IP, out_to_srv),
                 'priority=100,ip,in_port=2,nw_dst=%s,actions=set_field:%s->ip_dst,%s' % (PUBLIC_IP, CLI_IP, out_to_cli)):
        sh(of + "nb3 '%s'" % flow)
    rtr = lanes['iptables']['rtr']
    rtr.cmd('sysctl -qw net.ipv4.ip_forward=1')
    out = rtr.cmd('iptables -t nat -A POSTROUTING -o irtr-eth1 -j MASQUERADE; echo rc=$?')
    if 'rc=0' not in out:
        raise RuntimeError('iptables MASQUERADE failed: ' + out)
    for nodes in lanes.values():
        nodes['cli'].cmd('sysctl -qw net.ipv4.ip_local_port_range="40000 60999" net.ipv4.tcp_tw_reuse=1')


def wait_ready(lanes, timeout=60):
    """Until every lane answers a ping (natflow: the controller resolved the hosts)."""
    deadline = time.time() + timeout
    pending = set(LANES)
    while pending and time.time() < deadline:
        for lane in list(pending):
            if ' 0% packet loss' in lanes[lane]['cli'].cmd('ping -c 1 -W 1 %s' % SRV_IP):
                pending.discard(lane)
        time.sleep(0.5)
    if pending:
        raise RuntimeError('lanes not forwarding: %s' % sorted(pending))


def last_json(text):
    """The tool's JSON line; on failure a dict with the error, so one bad run does not end the rest."""
    for line in reversed(text.strip().splitlines()):
        if line.startswith('{'):
            return json.loads(line)
    return {'error': text.strip()[-300:]}


def crr(cli, args, slot, conns, seconds, threads):
    """bench_tool crr: at most `conns` new connections in at most `seconds`, to this slot's ports."""
    return last_json(cli.cmd('%s crr %s %d %d %s %d %d' % (
        args.tool, SRV_IP, SERVER_PORT + slot * PORTS_PER_RUN, PORTS_PER_RUN, seconds, threads, conns)))


def nat_table_flows():
    m = re.search(r'flow_count=(\d+)', sh('ovs-ofctl -O OpenFlow13 dump-aggregate nb1 table=2'))
    return int(m.group(1)) if m else None


class Costs:
    """Counts around an interval of one lane's traffic (bench_probes.Snapshot); natflow's lane
    also reads the controller's counters and CPU time."""

    def __init__(self, args):
        self.args = args

    def snapshot(self, lane):
        natflow = lane == 'natflow'
        return probes.Snapshot(self.args.admin_url if natflow else None,
                               self.args.controller_pid if natflow else None)

    def around(self, lane, work):
        """(result of work(), the interval's counts, datapath flow samples) for an OVS lane."""
        if lane not in OVS_LANES:
            return work(), None, None
        snap = self.snapshot(lane)
        before = snap.take()
        with probes.FlowSampler() as sampler:
            result = work()
        time.sleep(1.5)   # coverage totals are folded in about once a second
        return result, probes.Snapshot.interval(before, snap.take()), sampler.summary()


def measure(lane, nodes, run, args, costs):
    cli = nodes['cli']
    result = {}
    result['crr'], result['cost'], result['datapath'] = costs.around(
        lane, lambda: crr(cli, args, run, args.conns_per_run, args.crr_seconds, args.threads))
    if lane in OVS_LANES:
        result['dp_flows_of_bridge'] = probes.datapath_flows_by_bridge([SWITCHES[lane][0]])[SWITCHES[lane][0]]
    if lane == 'natflow':
        result['nat_table_flows'] = nat_table_flows()
    result['rr'] = last_json(cli.cmd('%s rr %s %d %d' % (args.tool, SRV_IP, RR_PORT, args.round_trips)))
    ping = cli.cmd('ping -q -c %d -i 0.05 %s' % (args.pings, SRV_IP))
    m = re.search(r'= ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms', ping)
    result['ping_avg_ms'] = float(m.group(2)) if m else None
    m = re.search(r'(\d+(\.\d+)?)% packet loss', ping)
    result['ping_loss'] = m.group(1) if m else None
    iperf = cli.cmd('iperf3 -c %s -p %d -t %d -J' % (SRV_IP, IPERF_PORT, args.iperf_seconds))
    try:
        result['iperf_gbps'] = json.loads(iperf)['end']['sum_received']['bits_per_second'] / 1e9
    except (ValueError, KeyError):
        result['iperf_gbps'] = None
    return result


def first_packet(lanes, args, costs, slot):
    """One client thread per lane, with SYN/SYN-ACK captures on the switch ports and (natflow)
    of the OpenFlow channel: where the time between SYN and SYN-ACK goes."""
    out = {}
    for lane in LANES:
        cli = lanes[lane]['cli']
        work = lambda: crr(cli, args, slot, args.first_packet_conns, 60, 1)
        if lane not in OVS_LANES:
            out[lane] = {'crr': work()}
            continue
        bridge = SWITCHES[lane][0]
        pcaps = {side: '%s/%s-%s.pcap' % (args.work, lane, side) for side in ('client', 'server', 'openflow')}
        captures = [firstpacket.start_capture(bridge + '-eth1', pcaps['client'], 'tcp[tcpflags] & tcp-syn != 0'),
                    firstpacket.start_capture(bridge + '-eth2', pcaps['server'], 'tcp[tcpflags] & tcp-syn != 0')]
        if lane == 'natflow':
            captures.append(firstpacket.start_capture('lo', pcaps['openflow'], 'tcp port %d' % args.controller_port, 0))
        r = {}
        try:
            r['crr'], r['cost'], r['datapath'] = costs.around(lane, work)
        finally:
            r['capture_drops'] = [firstpacket.stop_capture(proc) for proc in captures]
        r['stages'] = firstpacket.stages(pcaps['client'], pcaps['server'],
                                         pcaps['openflow'] if lane == 'natflow' else None, args.controller_port)
        print('[bench_nat] first packet %-8s %s' % (lane, json.dumps(r['stages'])), file=sys.stderr, flush=True)
        out[lane] = r
    return out


def perf_report(data, sort, limit=0.5, lines=60):
    p = subprocess.run(['perf', 'report', '-i', data, '--stdio', '--no-children', '-g', 'none',
                        '--sort', sort, '--percent-limit', str(limit)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    rows = [line for line in p.stdout.splitlines() if line.strip() and not line.startswith('#')]
    return rows[:lines]


def annotate(rows, limit=12):
    """The source locations around the first unresolved ovs-vswitchd addresses of a perf report
    (the binary is stripped; ovs_addr2src.py)."""
    addresses = []
    for row in rows:
        m = re.search(r'ovs-vswitchd\s+\[\.\]\s+(0x[0-9a-f]+)', row)
        if m and m.group(1) not in addresses:
            addresses.append(m.group(1))
    try:
        binary = ovs_addr2src.Binary()
    except (OSError, subprocess.SubprocessError) as e:
        return {'error': str(e)}
    return {a: binary.describe(int(a, 16)) for a in addresses[:limit]}


def profile(lanes, args, slot):
    """perf record of ovs-vswitchd (all its threads) while each OVS lane opens connections."""
    out = {}
    pid = probes.vswitchd_pid()
    for lane in OVS_LANES:
        cli = lanes[lane]['cli']
        data = '%s/perf-%s.data' % (args.work, lane)
        load = cli.popen([args.tool, 'crr', SRV_IP, str(SERVER_PORT + slot * PORTS_PER_RUN), str(PORTS_PER_RUN),
                          str(args.profile_seconds + 3), str(args.threads), str(MAX_CONNS_PER_SLOT)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        r = {}
        try:
            time.sleep(1.5)
            rec = subprocess.run(['perf', 'record', '-g', '-p', str(pid), '-o', data, '--',
                                  'sleep', str(args.profile_seconds)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 timeout=args.profile_seconds + 60)
            r['perf_record'] = rec.stdout.strip()[-500:]
            r['perf_record_rc'] = rec.returncode
        finally:
            r['crr'] = last_json(load.communicate(timeout=args.profile_seconds + 30)[0])
        if r['perf_record_rc'] == 0:
            r['by_thread'] = perf_report(data, 'comm', 0.5, 30)
            r['by_thread_dso'] = perf_report(data, 'comm,dso', 0.5, 30)
            r['top_symbols'] = perf_report(data, 'comm,dso,sym', 0.4, 60)
            r['addresses'] = annotate(r['top_symbols'])
        print('[bench_nat] profile %-8s %s' % (lane, json.dumps(r)[:400]), file=sys.stderr, flush=True)
        out[lane] = r
        slot += 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--controller-port', type=int, default=16653)
    ap.add_argument('--admin-url', default='http://127.0.0.1:18081', help="natflow's admin port (/prometheus)")
    ap.add_argument('--controller-pid', type=int, help="natflow's process id, for its CPU time")
    ap.add_argument('--tool', required=True, help='path of the compiled bench_tool')
    ap.add_argument('--work', required=True, help='directory for captures and perf data')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--conns-per-run', type=int, default=10000, help='connections per lane and run')
    ap.add_argument('--warmup-conns', type=int, default=1000, help='connections per lane before the runs, not counted')
    ap.add_argument('--crr-seconds', type=float, default=60, help='time limit of one lane and run')
    ap.add_argument('--threads', type=int, default=8)
    ap.add_argument('--first-packet-conns', type=int, default=500, help='one-thread connections per lane, captured')
    ap.add_argument('--profile-seconds', type=int, default=4, help='perf record per OVS lane (0: no profile)')
    ap.add_argument('--round-trips', type=int, default=300)
    ap.add_argument('--pings', type=int, default=40)
    ap.add_argument('--iperf-seconds', type=int, default=5)
    ap.add_argument('--note', action='append', default=[], help='key=value stored with the results')
    args = ap.parse_args()
    if not 0 < args.conns_per_run <= MAX_CONNS_PER_SLOT:
        ap.error('--conns-per-run must be 1..%d (bench_tool source and server ports)' % MAX_CONNS_PER_SLOT)
    setLogLevel('warning')
    net, lanes = build(args.controller_port)
    servers = []
    # server port slots: the runs, the first-packet phase, one per profiled lane, the warm-up
    slots = args.runs + 1 + len(OVS_LANES) + 1
    try:
        configure(net, lanes)
        for nodes in lanes.values():
            srv = nodes['srv']
            servers.append(srv.popen([args.tool, 'server', str(SERVER_PORT), str(PORTS_PER_RUN * slots)]))
            servers.append(srv.popen([args.tool, 'server', str(RR_PORT), '1']))
            servers.append(srv.popen(['iperf3', '-s', '-p', str(IPERF_PORT)]))
        wait_ready(lanes)
        doc = {'notes': dict(n.split('=', 1) for n in args.note if '=' in n),
               'args': {k: v for k, v in vars(args).items() if k != 'note'},
               'settings': probes.ovs_settings([name for name, _dpid in SWITCHES.values()])}
        costs = Costs(args)
        if args.warmup_conns:   # the controller's JIT, ARP, the first datapath flows
            doc['warmup'] = {lane: crr(lanes[lane]['cli'], args, slots - 1, args.warmup_conns, args.crr_seconds,
                                       args.threads) for lane in LANES}
            print('[bench_nat] warm-up %s' % json.dumps(doc['warmup']), file=sys.stderr, flush=True)
        results = {lane: [] for lane in LANES}
        for run in range(args.runs):
            for lane in LANES:
                r = measure(lane, lanes[lane], run, args, costs)
                r['loadavg'] = open('/proc/loadavg').read().split()[:3]
                print('[bench_nat] run %d %-8s %s' % (run + 1, lane, json.dumps(r['crr'])), file=sys.stderr, flush=True)
                results[lane].append(r)
        doc['results'] = results
        doc['first_packet'] = first_packet(lanes, args, costs, args.runs)
        if args.profile_seconds > 0:
            doc['profile'] = profile(lanes, args, args.runs + 1)
        doc['natflow_nat_table'] = sh('ovs-ofctl -O OpenFlow13 dump-aggregate nb1 table=2').strip()
        print(json.dumps(doc, indent=1))
    finally:
        for p in servers:
            p.terminate()
            p.wait()
        net.stop()
        for name, _dpid in SWITCHES.values():
            subprocess.run(['ovs-vsctl', '--if-exists', 'del-br', name])


if __name__ == '__main__':
    main()
