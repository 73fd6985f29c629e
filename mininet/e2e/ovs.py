"""Open vSwitch queries: commands, a bridge's flows as records, NAT readiness, diagnostics."""

import json
import subprocess

from e2e import flowdump, pipeline

OFCTL = ['ovs-ofctl', '-O', 'OpenFlow13']
OFPP_LOCAL = 4294967294                # OpenFlow 1.3 port number of the bridge's LOCAL port


def run(cmd, check=True, timeout=30):
    """Run cmd (argv) on this machine; return its output (stdout and stderr)."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise AssertionError('%s failed (exit %d): %s'
                             % (' '.join(cmd), proc.returncode, proc.stdout.strip()))
    return proc.stdout


def mac_in_use(interface):
    return run(['ovs-vsctl', '--timeout=5', 'get', 'Interface', interface,
                'mac_in_use']).strip().strip('"').lower()


def flows(bridge, table=None):
    """The flows of `bridge` (all tables, or one) as flowdump.Flow records."""
    cmd = OFCTL + ['dump-flows', bridge]
    if table is not None:
        cmd.append('table=%d' % table)
    return flowdump.parse(run(cmd))


def nat_ready(bridge):
    """True once the NAT pipeline is in the switch and the gateway's MAC is resolved
    (the default route in the ROUTE table, priority 10, sets it as eth_dst)."""
    routes = flows(bridge, pipeline.ROUTE_TABLE)
    return any(f.priority == 10 and 'set_field' in f.actions for f in routes) and \
        any(f.priority == 300 for f in flows(bridge, pipeline.CLASSIFY_TABLE))


def host_routes(bridge, ip):
    """The ROUTE-table flows whose match is nw_dst=ip (the host route and its same-port twin)."""
    return [f for f in flows(bridge, pipeline.ROUTE_TABLE) if f.match.get('nw_dst') == ip]


def diagnostics(bridge):
    """Text for failure reports: bridge, ports, flows, controller state."""
    out = []
    for cmd in (['ovs-vsctl', 'show'],
                OFCTL + ['show', bridge],
                OFCTL + ['dump-flows', bridge],
                ['ovs-vsctl', '--columns=target,role,is_connected,status', 'list', 'Controller']):
        try:
            out.append('$ %s\n%s' % (' '.join(cmd), run(cmd, check=False, timeout=10)))
        except Exception as error:  # noqa: BLE001
            out.append('$ %s\n(%s)' % (' '.join(cmd), error))
    return '\n'.join(out)


def controller_roles(bridge):
    """The switch's own view of its controllers: {target: {'role', 'is_connected'}}, e.g.
    {'tcp:127.0.0.1:6653': {'role': 'master', 'is_connected': True}, ...}. OVS refreshes
    these columns lazily (a few seconds), so poll them with a timeout."""
    uuids = run(['ovs-vsctl', '--timeout=5', 'get', 'Bridge', bridge, 'controller']).strip().strip('[]')
    roles = {}
    for uuid in filter(None, (u.strip() for u in uuids.split(','))):
        values = run(['ovs-vsctl', '--timeout=5', '--format=json', '--columns=target,role,is_connected',
                      'list', 'Controller', uuid])
        row = json.loads(values)['data'][0]
        target, role, connected = row[0], row[1], row[2]
        roles[target] = {'role': role if isinstance(role, str) else None, 'is_connected': connected is True}
    return roles
