#!/usr/bin/python3
"""Side-by-side NAT benchmark: natflow, Open vSwitch conntrack NAT and Linux iptables
MASQUERADE on one Mininet network, in one run, with the same hosts and tools
(mininet/bench.sh starts the controller and runs this; see docs/benchmarks.md).

Four lanes with identical addressing (each in its own namespaces), measured in turn, round robin:

    natflow   cli 10.0.0.11 --(1) nb1 [OVS userspace, natflow on tcp:127.0.0.1:16653] (2)-- srv 203.0.113.254
    ct        cli 10.0.0.11 --(1) nb2 [OVS userspace, ct(commit,nat(src=203.0.113.1)), no controller] (2)-- srv
    iptables  cli 10.0.0.11 -- rtr (Linux, ip_forward, MASQUERADE to 203.0.113.1) -- srv
    static    cli 10.0.0.11 --(1) nb3 [OVS userspace, static set-field flows, no controller] (2)-- srv
              (the throughput baseline: the same actions natflow's flows use, installed by hand)

The public address is 203.0.113.1 and the router MAC 02:00:00:00:00:01 everywhere. Traffic stays
inside these namespaces. Measures per lane and run: new TCP connections/s (bench_tool crr: each
connection a 5-tuple not used before, so every one is a first packet for the NAT), connect time
(SYN to SYN-ACK) against the round trip on an established connection (bench_tool rr), ping RTT,
and iperf3 TCP throughput on installed flows. Prints a JSON document on stdout.
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

from topo import prepare_host, prepare_switch_port

ROUTER_MAC = '02:00:00:00:00:01'
CLI_IP, CLI_MAC = '10.0.0.11', '02:00:0a:00:00:0b'
SRV_IP, SRV_MAC = '203.0.113.254', '02:00:cb:00:71:fe'
PUBLIC_IP = '203.0.113.1'
LANES = ('natflow', 'ct', 'iptables', 'static')
SERVER_PORT = 20000
PORTS_PER_RUN = 8
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


def measure(nodes, run, args):
    cli, tool = nodes['cli'], args.tool
    port = SERVER_PORT + run * PORTS_PER_RUN
    result = {}
    result['crr'] = last_json(cli.cmd('%s crr %s %d %d %s %d %d' % (
        tool, SRV_IP, port, PORTS_PER_RUN, args.crr_seconds, args.threads, 38000 * PORTS_PER_RUN)))
    time.sleep(1)
    result['rr'] = last_json(cli.cmd('%s rr %s %d %d' % (tool, SRV_IP, SERVER_PORT + 100, args.round_trips)))
    ping = cli.cmd('ping -q -c %d -i 0.05 %s' % (args.pings, SRV_IP))
    m = re.search(r'= ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms', ping)
    result['ping_avg_ms'] = float(m.group(2)) if m else None
    result['ping_loss'] = re.search(r'(\d+(\.\d+)?)% packet loss', ping).group(1) if '% packet loss' in ping else None
    iperf = cli.cmd('iperf3 -c %s -p %d -t %d -J' % (SRV_IP, SERVER_PORT + 200, args.iperf_seconds))
    try:
        result['iperf_gbps'] = json.loads(iperf)['end']['sum_received']['bits_per_second'] / 1e9
    except (ValueError, KeyError):
        result['iperf_gbps'] = None
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--controller-port', type=int, default=16653)
    ap.add_argument('--tool', required=True, help='path of the compiled bench_tool')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--crr-seconds', type=float, default=5)
    ap.add_argument('--threads', type=int, default=8)
    ap.add_argument('--round-trips', type=int, default=300)
    ap.add_argument('--pings', type=int, default=40)
    ap.add_argument('--iperf-seconds', type=int, default=5)
    args = ap.parse_args()
    setLogLevel('warning')
    net, lanes = build(args.controller_port)
    servers = []
    try:
        configure(net, lanes)
        for nodes in lanes.values():
            srv = nodes['srv']
            servers.append(srv.popen([args.tool, 'server', str(SERVER_PORT), str(PORTS_PER_RUN * (args.runs + 1) + 1)]))
            servers.append(srv.popen([args.tool, 'server', str(SERVER_PORT + 100), '1']))
            servers.append(srv.popen(['iperf3', '-s', '-p', str(SERVER_PORT + 200)]))
        wait_ready(lanes)
        results = {lane: [] for lane in LANES}
        for run in range(args.runs):
            for lane in LANES:
                r = measure(lanes[lane], run, args)
                print('[bench_nat] run %d %-8s %s' % (run + 1, lane, json.dumps(r)), file=sys.stderr, flush=True)
                results[lane].append(r)
        flows = sh('ovs-ofctl -O OpenFlow13 dump-aggregate nb1 table=2').strip()
        print(json.dumps({'results': results, 'natflow_nat_table': flows}, indent=1))
    finally:
        for p in servers:
            p.terminate()
            p.wait()
        net.stop()
        for name, _dpid in SWITCHES.values():
            subprocess.run(['ovs-vsctl', '--if-exists', 'del-br', name])


if __name__ == '__main__':
    main()
