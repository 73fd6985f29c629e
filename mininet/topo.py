#!/usr/bin/python3
"""natflow test topology: one OpenFlow 1.3 Open vSwitch switch that the natflow
controller turns into a NAT router.

    h1 10.0.0.11 --(1)-+
    h2 10.0.0.12 --(2)-+ s1 (dpid 0000000000000001) (4)-- gw-eth0 203.0.113.254/24
    h3 10.0.0.13 --(3)-+                                  gw-eth1 198.51.100.1/24 -- srv 198.51.100.80

* LAN 10.0.0.0/24; hosts route everything via the NAT router's LAN address
  10.0.0.1 (the controller answers ARP for it).
* s1 uses the Open vSwitch *userspace* datapath (this project does not need the
  kernel module), fail-mode secure, OpenFlow 1.3 only, fixed port numbers:
  s1-eth1..3 = ports 1..3 (h1..h3), s1-eth4 = port 4 (WAN).
* gw is a plain Linux router (ip_forward=1) between the NAT's WAN segment
  203.0.113.0/24 (the NAT's public address will be 203.0.113.1) and srv's
  segment 198.51.100.0/24, so a traceroute from h1 to srv shows gw, then srv.
* TX checksum offload is turned off on every interface: with the default veth
  offloads TCP through the userspace datapath fails (bad checksums).
* IPv6 is disabled in the hosts and on the switch ports (no RS/ND noise in
  packet-ins); the NAT is IPv4 only.

Run it (as root, with the system python that has the mininet module):

    /usr/bin/python3 mininet/topo.py                 # Mininet CLI
    /usr/bin/python3 mininet/topo.py --no-cli        # start, check, stop
    /usr/bin/python3 mininet/topo.py --hold 60       # keep it up 60 s (0 = until SIGTERM/Ctrl-C)

Import it (the end-to-end tests do):

    from topo import build_network
    net = build_network('127.0.0.1', 6653)   # built, not started
    net.start(); ...; net.stop()
"""

import argparse
import os
import signal
import subprocess
import sys
import time

from mininet.cli import CLI
from mininet.log import info, setLogLevel
from mininet.net import Mininet
from mininet.node import OVSBridge, OVSSwitch, RemoteController

# ---------------------------------------------------------------------------
# Addressing plan: the one place the tests and scripts take it from.
# MACs are locally administered and spell the host's IPv4 address (02:00:a.b.c.d).
# ---------------------------------------------------------------------------
SWITCH_NAME = 's1'
DPID = '0000000000000001'
LAN_PREFIX = '10.0.0.0/24'
ROUTER_LAN_IP = '10.0.0.1'          # the NAT router's LAN address (answered by the controller)
NAT_PUBLIC_IP = '203.0.113.1'       # the NAT's public (WAN) address
WAN_PORT = 4
WAN_PORT_NAME = 's1-eth4'

LAN_HOSTS = {
    # name: (ip, mac, switch port)
    'h1': ('10.0.0.11', '02:00:0a:00:00:0b', 1),
    'h2': ('10.0.0.12', '02:00:0a:00:00:0c', 2),
    'h3': ('10.0.0.13', '02:00:0a:00:00:0d', 3),
}
GW_WAN_IP = '203.0.113.254'
GW_WAN_MAC = '02:00:cb:00:71:fe'
GW_SRV_IP = '198.51.100.1'
GW_SRV_MAC = '02:00:c6:33:64:01'
SRV_IP = '198.51.100.80'
SRV_MAC = '02:00:c6:33:64:50'

# Switch port number -> interface name, as the controller must report them.
SWITCH_PORTS = {port: 's1-eth%d' % port for _ip, _mac, port in LAN_HOSTS.values()}
SWITCH_PORTS[WAN_PORT] = WAN_PORT_NAME

# ---------------------------------------------------------------------------
# Optional additions (build_network(extras=...)), for tests of routes and of several routers.
# ---------------------------------------------------------------------------
# 'routed-lan': a Linux router r1 on s1's LAN (port 5) with a second LAN 10.1.0.0/24 behind it:
#     s1 (5)-- r1-eth0 10.0.0.254/24 | r1-eth1 10.1.0.1/24 -- h5 10.1.0.5
ROUTED_LAN = 'routed-lan'
ROUTED_PREFIX = '10.1.0.0/24'
LAN_ROUTER = ('r1', '10.0.0.254', '02:00:0a:00:00:fe', 5)     # name, LAN address, MAC, s1 port
LAN_ROUTER_INNER = ('10.1.0.1', '02:00:0a:01:00:01')
H5 = ('h5', '10.1.0.5', '02:00:0a:01:00:05')
# 'wan-route': the WAN port goes to an L2 segment (w1, a standalone OVS bridge) that holds the
# gateway and a second next hop gw2, which serves 198.51.100.128/25 (srv2) while the gateway
# serves the rest of the world (srv), a longer prefix inside its /24:
#     s1 (4)-- w1 --+-- gw  203.0.113.254 -- srv  198.51.100.80
#                   +-- gw2 203.0.113.253 -- srv2 198.51.100.200 (gw2-eth1 198.51.100.129/25)
WAN_ROUTE = 'wan-route'
WAN_SEGMENT = 'w1'
WAN_SEGMENT_DPID = '00000000000000f1'
WAN_PREFIX = '203.0.113.0/24'
GW2 = ('gw2', '203.0.113.253', '02:00:cb:00:71:fd')
GW2_INNER = ('198.51.100.129', '02:00:c6:33:64:81')
ROUTE_PREFIX = '198.51.100.128/25'
SRV2 = ('srv2', '198.51.100.200', '02:00:c6:33:64:c8')
# 'second-router': another NAT switch s2 on the same controller, with a LAN and a WAN of its own
# (its own gateway and server, in namespaces of their own):
#     h21 10.2.0.11 --(1)-+
#     h22 10.2.0.12 --(2)-+ s2 (dpid ...02) (3)-- gwb 203.0.113.254 -- srvb 198.51.100.90
SECOND_ROUTER = 'second-router'
SWITCH2_NAME = 's2'
DPID2 = '0000000000000002'
LAN2_PREFIX = '10.2.0.0/24'
ROUTER2_LAN_IP = '10.2.0.1'
NAT2_PUBLIC_IP = '203.0.113.2'
WAN2_PORT = 3
LAN2_HOSTS = {
    'h21': ('10.2.0.11', '02:00:0a:02:00:0b', 1),
    'h22': ('10.2.0.12', '02:00:0a:02:00:0c', 2),
}
GWB = ('gwb', '203.0.113.254', '02:00:cb:01:71:fe')
GWB_INNER = ('198.51.100.1', '02:00:c6:33:65:01')
SRVB = ('srvb', '198.51.100.90', '02:00:c6:33:65:5a')
EXTRAS = (ROUTED_LAN, WAN_ROUTE, SECOND_ROUTER)
# 'twin-lan': a second LAN segment on s1 port 6 that reuses the LAN prefix (twice NAT, issue 14):
# h4 has h1's address, in a namespace of its own. The two LANs reach each other by aliases,
# host bits kept: the LAN is 172.16.1.0/24 from the twin, the twin 172.16.2.0/24 from the LAN.
#     h4 10.0.0.11 --(6)-- s1      (router address on the twin: 10.0.0.1, as on the LAN)
TWIN_LAN = 'twin-lan'
TWIN_HOST = ('h4', '10.0.0.11', '02:00:0a:00:01:0b', 6)    # name, address, MAC, s1 port
TWIN_PORT_NAME = 's1-eth6'
LAN_ALIAS = '172.16.1.0/24'       # the main LAN as the twin sees it
TWIN_ALIAS = '172.16.2.0/24'      # the twin as the main LAN sees it
# Extras a test asks for by name; EXTRAS are those the routes/HA tests take all of.
ALL_EXTRAS = EXTRAS + (TWIN_LAN,)
# s2 as a natflow.yml router entry, and the host and gateway a test pings through it.
SWITCH2_ROUTER = {
    'datapathId': DPID2, 'lanPrefix': LAN2_PREFIX, 'routerAddress': ROUTER2_LAN_IP,
    'routerMac': '02:00:00:00:00:02', 'lanPorts': ['s2-eth1', 's2-eth2'], 'wanPort': 's2-eth3',
    'publicAddresses': [NAT2_PUBLIC_IP], 'gateway': GWB[1],
}
SWITCH2_HOST = ('h21',) + LAN2_HOSTS['h21'][:2]
SWITCH2_GW = GWB


def build_network(controller_ip='127.0.0.1', controller_port=6653, extras=()):
    """Build (but do not start) the natflow topology with a remote controller, with the
    optional additions named in `extras` (EXTRAS).

    controller_port may be a list: the switches then connect to a controller at each port
    (several natflow instances, one master per switch).
    Call net.start() to create the switch and connect it, then configure_hosts(net)
    (start_network() does both and waits for the controller).
    """
    unknown = set(extras) - set(ALL_EXTRAS)
    if unknown:
        raise ValueError('unknown topology extras %s (known: %s)' % (sorted(unknown), ALL_EXTRAS))
    net = Mininet(topo=None, build=False, controller=None, autoSetMacs=False,
                  autoStaticArp=False, waitConnected=False)
    ports = controller_port if isinstance(controller_port, (list, tuple)) else [controller_port]
    for index, port in enumerate(ports):
        net.addController('c%d' % index, controller=RemoteController, ip=controller_ip, port=port)
    s1 = net.addSwitch(SWITCH_NAME, cls=OVSSwitch, dpid=DPID, datapath='user',
                       protocols='OpenFlow13', failMode='secure')
    for name, (ip, mac, port) in sorted(LAN_HOSTS.items()):
        host = net.addHost(name, ip=ip + '/24', mac=mac,
                           defaultRoute='via ' + ROUTER_LAN_IP)
        net.addLink(host, s1, port1=0, port2=port)
    gw = net.addHost('gw', ip=GW_WAN_IP + '/24', mac=GW_WAN_MAC)
    srv = net.addHost('srv', ip=SRV_IP + '/24', mac=SRV_MAC,
                      defaultRoute='via ' + GW_SRV_IP)
    if WAN_ROUTE in extras:
        _add_wan_segment(net, s1, gw)
    else:
        net.addLink(gw, s1, port1=0, port2=WAN_PORT)
    net.addLink(gw, srv, port1=1, port2=0,
                params1={'ip': GW_SRV_IP + '/24'},
                addr1=GW_SRV_MAC, addr2=SRV_MAC)
    if ROUTED_LAN in extras:
        _add_routed_lan(net, s1)
    if SECOND_ROUTER in extras:
        _add_second_router(net)
    if TWIN_LAN in extras:
        name, ip, mac, port = TWIN_HOST
        h4 = net.addHost(name, ip=ip + '/24', mac=mac, defaultRoute='via ' + ROUTER_LAN_IP)
        net.addLink(h4, s1, port1=0, port2=port)
    net.build()
    return net


def _add_routed_lan(net, s1):
    name, ip, mac, port = LAN_ROUTER
    r1 = net.addHost(name, ip=ip + '/24', mac=mac, defaultRoute='via ' + ROUTER_LAN_IP)
    net.addLink(r1, s1, port1=0, port2=port)
    h5_name, h5_ip, h5_mac = H5
    h5 = net.addHost(h5_name, ip=h5_ip + '/24', mac=h5_mac,
                     defaultRoute='via ' + LAN_ROUTER_INNER[0])
    net.addLink(r1, h5, port1=1, port2=0, params1={'ip': LAN_ROUTER_INNER[0] + '/24'},
                addr1=LAN_ROUTER_INNER[1], addr2=h5_mac)


def _add_wan_segment(net, s1, gw):
    w1 = net.addSwitch(WAN_SEGMENT, cls=OVSBridge, dpid=WAN_SEGMENT_DPID,
                       datapath='user')     # a plain learning switch, no controller
    net.addLink(s1, w1, port1=WAN_PORT, port2=1)
    net.addLink(gw, w1, port1=0, port2=2)
    name, ip, mac = GW2
    gw2 = net.addHost(name, ip=ip + '/24', mac=mac)
    net.addLink(gw2, w1, port1=0, port2=3)
    srv2_name, srv2_ip, srv2_mac = SRV2
    srv2 = net.addHost(srv2_name, ip=srv2_ip + '/25', mac=srv2_mac,
                       defaultRoute='via ' + GW2_INNER[0])
    net.addLink(gw2, srv2, port1=1, port2=0, params1={'ip': GW2_INNER[0] + '/25'},
                addr1=GW2_INNER[1], addr2=srv2_mac)


def _add_second_router(net):
    s2 = net.addSwitch(SWITCH2_NAME, cls=OVSSwitch, dpid=DPID2, datapath='user',
                       protocols='OpenFlow13', failMode='secure')
    for name, (ip, mac, port) in sorted(LAN2_HOSTS.items()):
        host = net.addHost(name, ip=ip + '/24', mac=mac, defaultRoute='via ' + ROUTER2_LAN_IP)
        net.addLink(host, s2, port1=0, port2=port)
    gwb_name, gwb_ip, gwb_mac = GWB
    gwb = net.addHost(gwb_name, ip=gwb_ip + '/24', mac=gwb_mac)
    net.addLink(gwb, s2, port1=0, port2=WAN2_PORT)
    srvb_name, srvb_ip, srvb_mac = SRVB
    srvb = net.addHost(srvb_name, ip=srvb_ip + '/24', mac=srvb_mac,
                       defaultRoute='via ' + GWB_INNER[0])
    net.addLink(gwb, srvb, port1=1, port2=0, params1={'ip': GWB_INNER[0] + '/24'},
                addr1=GWB_INNER[1], addr2=srvb_mac)


def switch_ports(net):
    """Every switch-side interface name of the built network (s1's, and those of the extras)."""
    return [intf.name for sw in net.switches for intf in sw.intfList() if intf.name != 'lo']


ROUTER_HOSTS = ('gw', LAN_ROUTER[0], GW2[0], GWB[0])    # Linux routers: forwarding on


def _run(cmd):
    """Run a command in the root namespace; return (rc, output)."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    return proc.returncode, proc.stdout


def prepare_host(host):
    """IPv6 off and TX checksum offload off on every interface of a Mininet host (see the
    module doc for why). mininet/bench_nat.py uses it too."""
    host.cmd('sysctl -qw net.ipv6.conf.all.disable_ipv6=1 '
             'net.ipv6.conf.default.disable_ipv6=1')
    for intf in host.intfList():
        if intf.name == 'lo':
            continue
        out = host.cmd('ethtool -K %s tx off 2>&1 >/dev/null; echo rc=$?' % intf.name)
        if 'rc=0' not in out:
            raise RuntimeError('ethtool -K %s tx off failed in %s: %s'
                               % (intf.name, host.name, out.strip()))


def prepare_switch_port(name):
    """The same for a switch port: the switch-side veth end, in the root namespace."""
    rc, out = _run(['ethtool', '-K', name, 'tx', 'off'])
    if rc != 0:
        raise RuntimeError('ethtool -K %s tx off failed: %s' % (name, out.strip()))
    _run(['sysctl', '-qw', 'net.ipv6.conf.%s.disable_ipv6=1' % name])


def configure_hosts(net):
    """Per-host settings Mininet does not do for us. Call after net.start()."""
    for host in net.hosts:
        prepare_host(host)
        if host.name in ROUTER_HOSTS:
            host.cmd('sysctl -qw net.ipv4.ip_forward=1')
    for name in switch_ports(net):
        prepare_switch_port(name)
    if SWITCH2_NAME in net:
        for name in SWITCH2_ROUTER['lanPorts'] + [SWITCH2_ROUTER['wanPort']]:
            prepare_switch_port(name)


def _ovs_tcp_connected(controller_ip, controller_port):
    """True when ovs-vswitchd has an established TCP connection to the controller.
    (ovsdb's Controller.is_connected is refreshed lazily, sometimes ~5 s late.)"""
    rc, out = _run(['ss', '-Htnp', 'state', 'established',
                    '( dst %s and dport = :%d )' % (controller_ip, controller_port)])
    return rc == 0 and 'ovs-vswitchd' in out


def switch_connected(name=SWITCH_NAME, controller_ip=None, controller_port=None):
    """True when the bridge's controller connection is up: OVS reports it, or (when the
    controller address is given) ovs-vswitchd holds an established connection to it."""
    rc, ctrls = _run(['ovs-vsctl', '--timeout=5', 'get', 'Bridge', name, 'controller'])
    if rc or ctrls.strip() in ('', '[]'):
        return False
    if controller_ip and controller_port and _ovs_tcp_connected(controller_ip, controller_port):
        return True
    for uuid in ctrls.strip().strip('[]').split(','):
        rc, out = _run(['ovs-vsctl', '--timeout=5', 'get', 'Controller',
                        uuid.strip(), 'is_connected'])
        if rc == 0 and out.strip() == 'true':
            return True
    return False


def wait_switch_connected(timeout=30.0, name=SWITCH_NAME, controller_ip=None,
                          controller_port=None):
    """Poll until the switch is connected to its controller; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if switch_connected(name, controller_ip, controller_port):
            return True
        time.sleep(0.2)
    return switch_connected(name, controller_ip, controller_port)


def nat_switches(extras=()):
    """The names of the NAT switches (those the controller drives) a network with `extras` has."""
    return [SWITCH_NAME] + ([SWITCH2_NAME] if SECOND_ROUTER in extras else [])


def start_network(controller_ip='127.0.0.1', controller_port=6653, connect_timeout=None, extras=()):
    """Build, start and configure the network. With connect_timeout, also wait for the
    switches to connect and raise RuntimeError (after stopping the net) if one does not."""
    net = build_network(controller_ip, controller_port, extras)
    try:
        net.start()
        configure_hosts(net)
        for name in nat_switches(extras) if connect_timeout is not None else ():
            if not wait_switch_connected(connect_timeout, name, controller_ip, controller_port):
                raise RuntimeError('switch %s did not connect to the controller at tcp:%s:%d '
                                   'within %.0f s (is the controller running?)'
                                   % (name, controller_ip, controller_port, connect_timeout))
    except BaseException:
        stop_network(net)
        raise
    return net


def stop_network(net):
    """Stop what build_network/start_network created; safe to call twice."""
    try:
        net.stop()
    finally:
        # net.stop() deletes the bridges; make sure, by name, in case start failed half way.
        for name in [SWITCH_NAME] + [sw.name for sw in net.switches if sw.name != SWITCH_NAME]:
            _run(['ovs-vsctl', '--if-exists', 'del-br', name])


def run_demo(net):
    """Traffic through the NAT: ping, HTTP, UDP and a short iperf3 from the LAN to srv,
    then the per-connection flows the controller installed (table 2) and what srv saw."""
    h1, h2, srv = net.get('h1'), net.get('h2'), net.get('srv')
    steps = [
        (h1, 'ping -c 3 -W 2 %s' % SRV_IP),
        (h2, 'ping -c 2 -W 2 %s' % ROUTER_LAN_IP),
        (h1, 'curl -s -m 5 -o /dev/null -w "HTTP %%{http_code} in %%{time_total}s\n" http://%s/' % SRV_IP),
        (h2, 'curl -s -m 5 -o /dev/null -w "HTTP %%{http_code} in %%{time_total}s\n" http://%s/' % SRV_IP),
        (h1, 'iperf3 -c %s -t 2 -f m | tail -n 4' % SRV_IP),
    ]
    http = srv.popen(['python3', '-m', 'http.server', '80', '--bind', SRV_IP],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    iperf = srv.popen(['iperf3', '-s', '-1', '-B', SRV_IP], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and '80' not in srv.cmd('ss -ltnH sport = :80'):
            time.sleep(0.1)
        for host, cmd in steps:
            print('*** %s$ %s' % (host.name, cmd), flush=True)
            print(host.cmd(cmd).rstrip(), flush=True)
    finally:
        for proc in (http, iperf):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
    log = http.stderr.read() if http.stderr else ''
    print('*** srv saw these HTTP clients (only the NAT\'s public address %s):' % NAT_PUBLIC_IP)
    print('\n'.join(line for line in log.splitlines() if 'GET' in line))
    rc, out = _run(['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', SWITCH_NAME, 'table=2'])
    print('*** per-connection NAT flows in table 2 (cookie = mapping id):')
    print(out.rstrip())


class _Terminated(Exception):
    pass


def _on_signal(signum, _frame):
    raise _Terminated('signal %d' % signum)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Start the natflow Mininet topology (needs root and a running '
                    'natflow controller, or one that starts soon).')
    parser.add_argument('--controller-ip', default='127.0.0.1',
                        help='OpenFlow controller address (default %(default)s)')
    parser.add_argument('--controller-port', type=int, default=6653,
                        help='OpenFlow controller port (default %(default)s)')
    parser.add_argument('--connect-timeout', type=float, default=30.0,
                        help='seconds to wait for the switch to connect (default %(default)s)')
    parser.add_argument('--no-wait', action='store_true',
                        help='do not wait for (or require) the controller connection')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--no-cli', action='store_true',
                      help='start, wait for the controller, run hooks, then stop and exit')
    mode.add_argument('--hold', type=float, metavar='SECONDS',
                      help='keep the network up this long without a CLI '
                           '(0 = until SIGTERM/SIGINT), then stop')
    parser.add_argument('--on-ready', metavar='CMD',
                        help='shell command run once the switch is connected '
                             '(non-zero exit = failure); e.g. "./run.sh status"')
    parser.add_argument('--ready-file', metavar='PATH',
                        help='create this file once the network is up and connected '
                             '(for scripts that run the topology in the background)')
    parser.add_argument('--demo', action='store_true', help='run the traffic demo')
    parser.add_argument('-v', '--verbose', action='store_true', help='Mininet info logging')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if os.geteuid() != 0:
        print('topo.py: Mininet needs root (try: sudo /usr/bin/python3 %s)' % sys.argv[0],
              file=sys.stderr)
        return 2
    setLogLevel('info' if args.verbose else 'output')
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    if args.hold is not None or args.no_cli:
        signal.signal(signal.SIGINT, _on_signal)

    print('*** Starting topology (switch %s, dpid %s, controller tcp:%s:%d)'
          % (SWITCH_NAME, DPID, args.controller_ip, args.controller_port), flush=True)
    net = None
    rc = 0
    try:
        net = start_network(args.controller_ip, args.controller_port,
                            None if args.no_wait else args.connect_timeout)
        if not args.no_wait:
            print('*** Switch %s connected to the controller' % SWITCH_NAME, flush=True)
        if args.on_ready:
            hook = subprocess.run(args.on_ready, shell=True, check=False)
            if hook.returncode != 0:
                print('*** --on-ready command failed (exit %d): %s'
                      % (hook.returncode, args.on_ready), file=sys.stderr, flush=True)
                rc = 1
        if rc == 0 and args.demo:
            run_demo(net)
        if args.ready_file:
            with open(args.ready_file, 'w') as ready:
                ready.write('%d\n' % os.getpid())
        if rc != 0 or args.no_cli:
            pass
        elif args.hold is not None:
            print('*** Holding the network up %s' % (
                'until SIGTERM/SIGINT' if args.hold == 0 else 'for %g s' % args.hold),
                flush=True)
            deadline = None if args.hold == 0 else time.monotonic() + args.hold
            while deadline is None or time.monotonic() < deadline:
                time.sleep(1.0 if deadline is None else
                           max(0.0, min(1.0, deadline - time.monotonic())))
        else:
            info('*** Running CLI\n')
            print('*** Mininet CLI: try "h1 ip route", "gw ip addr", "sh ovs-ofctl -O '
                  'OpenFlow13 dump-flows s1"; "exit" stops the network', flush=True)
            CLI(net)
    except _Terminated as why:
        print('*** Stopping (%s)' % why, flush=True)
    except RuntimeError as error:
        print('*** ERROR: %s' % error, file=sys.stderr, flush=True)
        rc = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if net is not None:
            print('*** Stopping topology', flush=True)
            stop_network(net)
        if args.ready_file and os.path.exists(args.ready_file):
            os.unlink(args.ready_file)
    return rc


if __name__ == '__main__':
    sys.exit(main())
