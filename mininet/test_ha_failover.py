"""End-to-end high availability (issue 13): three natflow instances on a real three-server
ZooKeeper ensemble (loopback, mininet/e2e/zookeeper.py), two NAT switches (s1 as in topo.py, s2
with h4 and gw2) each connected to all three instances. Session timeout 1.5 s.

  1. both switches get a master; the switch agrees (ovs-vsctl role: that one master, no other)
  2. kill -9 the master of s1 during a 30 s iperf3 (h1 -> srv), a long TCP echo session (h2)
     and a new TCP connection every 100 ms (h3): no stall > 1 s, new connections get through
     again (the gap is measured), the new master lists the same mappings and ports, no public
     port twice, forwards added through one instance before and another after the kill work,
     a switch whose master lives keeps it (same generation)
  3. kill an instance: only its switches move (the others keep master and generation)
  4. kill one ZooKeeper server of three (the killed instances restarted first): masters
     unchanged, new connections all succeed
  5. SIGSTOP the master of s1 longer than the session timeout: another takes over; after
     SIGCONT the old one is SLAVE (its own view and the switch's) and stays so

Branch ha-e2e-pending adds the checks that fail in some or all runs with the current wiring:
new connections back within 2 x the session timeout, no connection failed across a failover,
the non-masters SLAVE in the switch, switches spread over instances.

Figures (gap, stalls, time to a new master) are printed (pytest -s shows them) and written to
the test's temp dir as ha-figures.json; docs/benchmarks.md "Failover" quotes them. Run as root:

    /usr/bin/python3 -m pytest -v -s -p no:cacheprovider mininet/test_ha_failover.py
"""

import json
import os
import time

import pytest

import topo
from e2e import hosts, ovs, waiting
from e2e.cluster import SESSION_TIMEOUT_S, Cluster, default_routers
from e2e.hosts import HostProcesses
from e2e.rest import http_get_json, http_send_json
from e2e.zookeeper import ZooKeeperEnsemble

DPIDS = (topo.DPID, topo.DPID2)
SRV = topo.SRV_IP
ECHO_PORT = 5001
IPERF_PORT = 5201
TRAFFIC_S = 30
FORWARD_BEFORE = 6001       # public port = h2's port, added through one instance before the kill
FORWARD_AFTER = 6002        # added through another instance after the kill
MAX_STALL_S = 1.0
MAX_GAP_S = 2 * SESSION_TIMEOUT_S

FIGURES = {}      # printed and written to ha-figures.json
FAILOVER = {}     # what a test measured, for the checks of a later test


def _routers():
    """natflow.yml's router for s1 and one for s2 (same knobs, its own ports and addresses)."""
    s1 = default_routers()[0]
    s2 = dict(s1, forwards=[], **topo.SWITCH2_ROUTER)
    return [s1, s2]


@pytest.fixture(scope='module')
def ensemble(tmp_path_factory):
    zk = ZooKeeperEnsemble(tmp_path_factory.mktemp('zookeeper'), size=3, java=os.environ.get('JAVA', 'java'))
    try:
        yield zk.start()
    finally:
        zk.stop()


@pytest.fixture(scope='module')
def cluster(natflow_jar, ensemble, tmp_path_factory, reported_controllers):
    instances = Cluster(natflow_jar, tmp_path_factory.mktemp('natflow-cluster'), ensemble.connect_string,
                        _routers(), java=os.environ.get('JAVA', 'java'))
    with reported_controllers(instances.instances):
        try:
            yield instances.start()
        finally:
            instances.stop()


@pytest.fixture(scope='module')
def net(cluster):
    network = topo.start_network('127.0.0.1', cluster.openflow_ports, extras=(topo.SECOND_ROUTER,))
    try:
        cluster.wait_masters(DPIDS, 60)
        for bridge in (topo.SWITCH_NAME, topo.SWITCH2_NAME):
            waiting.wait_until(lambda b=bridge: ovs.nat_ready(b), 60, 'the NAT pipeline and gateway route in %s' % bridge)
        yield network
    finally:
        topo.stop_network(network)


@pytest.fixture(scope='module')
def procs(net, tmp_path_factory):
    started = HostProcesses(tmp_path_factory.mktemp('ha-host-procs'))
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture(scope='module', autouse=True)
def figures_file(tmp_path_factory):
    path = tmp_path_factory.mktemp('ha-figures') / 'ha-figures.json'
    yield path
    path.write_text(json.dumps(FIGURES, indent=2) + '\n')
    print('\n[ha] figures: %s\n%s' % (path, json.dumps(FIGURES, indent=2)))


# --------------------------------------------------------------------------- helpers

def target_of(instance):
    return 'tcp:127.0.0.1:%d' % instance.openflow_port


def switch_roles(bridge, cluster):
    """{instance id: the role the switch gives that instance's connection}."""
    roles = ovs.controller_roles(bridge)
    return {i.instance_id: roles.get(target_of(i), {}).get('role') for i in cluster.instances}


def wait_switch_master(bridge, cluster, master, timeout=20):
    """Until the switch itself says `master` is its master and no other instance is."""
    def agrees():
        roles = switch_roles(bridge, cluster)
        others = [roles[i.instance_id] for i in cluster.instances if i.instance_id != master]
        return roles if roles[master] == 'master' and 'master' not in others else None
    return waiting.wait_until(agrees, timeout, '%s: %s master and no other instance master '
                              '(ovs-vsctl list controller)' % (bridge, master), interval=0.5)


def generation(instance, dpid):
    return instance.switch_view(dpid)['generation']


def mappings(instance, dpid=topo.DPID):
    """Every mapping of the switch, as `instance` answers (proxied to the master if it is not)."""
    page = http_get_json('%s/api/mappings?switch=%s&limit=1000' % (instance.rest_url, dpid), timeout=5)
    assert page['matched'] == len(page['items']), 'more than 1000 mappings: %s' % page['matched']
    return page['items']


def ports_held_twice(items):
    seen, twice = {}, []
    for m in items:
        key = (m['protocol'], m['publicAddress'], m['publicPort'])
        if key in seen:
            twice.append((seen[key], m))
        seen[key] = m
    return twice


def endpoints_mapped_twice(items):
    """Internal endpoints with more than one mapping (the NAT maps endpoint-independently)."""
    seen, twice = {}, []
    for m in items:
        key = (m['protocol'], m['internalAddress'], m['internalPort'])
        if key in seen:
            twice.append((seen[key], m))
        seen[key] = m
    return twice


def add_forward(instance, public_port, internal_ip, internal_port):
    status, body = http_send_json(instance.rest_url + '/api/forwards', 'POST', {
        'protocol': 'tcp', 'publicPort': public_port, 'internalAddress': internal_ip, 'internalPort': internal_port,
        'datapathId': topo.DPID, 'description': 'ha test via %s' % instance.instance_id})
    assert status == 201, 'POST /api/forwards through %s -> %d: %s' % (instance.instance_id, status, body)
    return body


def connects_from_srv(net, public_port, count=3):
    """srv connects `count` times to the NAT's public address on public_port (a forward)."""
    return hosts.host_tool(net.get('srv'), 'tcp-connects', '--dst', topo.NAT_PUBLIC_IP, '--port', public_port,
                           '--count', count, '--timeout', 3, timeout=count * 5 + 10)


def iperf_stall(report):
    """Longest run of iperf3 intervals (0.5 s) carrying under 10 % of the median interval: (s, median bytes)."""
    intervals = [(i['sum']['seconds'], i['sum']['bytes']) for i in report['intervals']]
    volumes = sorted(b for _, b in intervals)
    median = volumes[len(volumes) // 2]
    longest = run = 0.0
    for seconds, volume in intervals:
        run = run + seconds if volume < median / 10 else 0.0
        longest = max(longest, run)
    return longest, median


def attempts_of(proc):
    return [line for line in hosts.json_lines(proc) if 'attempt' in line]


def counters(instance):
    """An instance's role counters from its admin /prometheus (natflow_cluster_role_requests_sent,
    _granted, _stale, _refused, natflow_cluster_demotions, _mastership_gained, _lost,
    _events_ignored_not_master)."""
    return {name[len('natflow_cluster_'):]: value for name, value in instance.prometheus().items()
            if name.startswith('natflow_cluster_')}


# --------------------------------------------------------------------------- tests

def test_every_switch_gets_a_master(cluster, net):
    masters = cluster.wait_masters(DPIDS, 30)
    for dpid, bridge in ((topo.DPID, topo.SWITCH_NAME), (topo.DPID2, topo.SWITCH2_NAME)):
        roles = wait_switch_master(bridge, cluster, masters[dpid])
        gen = generation(cluster.by_id(masters[dpid]), dpid)
        assert isinstance(gen, int) and gen >= 1, gen
        print('[ha] %s: master %s (generation %d); the switch says %s' % (bridge, masters[dpid], gen, roles))
    view = cluster.instances[0].cluster()
    assert view['zookeeper'] == 'CONNECTED', view
    assert sorted(i['id'] for i in view['instances']) == sorted(i.instance_id for i in cluster.instances), view


def test_other_instances_are_slaves_in_the_switch(cluster, net):
    """The issue's design: the non-masters send ROLE_REQUEST(SLAVE), so the switch itself sends
    them no packet-ins and refuses their writes (an EQUAL connection gets both)."""
    masters = cluster.wait_masters(DPIDS, 30)
    for dpid, bridge in ((topo.DPID, topo.SWITCH_NAME), (topo.DPID2, topo.SWITCH2_NAME)):
        def slaves(b=bridge, m=masters[dpid]):
            roles = switch_roles(b, cluster)
            return roles if all(r == 'slave' for i, r in roles.items() if i != m) else None
        waiting.wait_until(slaves, 10, '%s: every connection but the master\'s SLAVE in the switch' % bridge,
                           interval=0.5)


def test_switches_spread_over_instances(cluster, net):
    """s1 and s2 connect to the three instances at the same moment (as after a restart of all)."""
    masters = cluster.wait_masters(DPIDS, 30)
    FIGURES['spread'] = masters
    assert masters[topo.DPID] != masters[topo.DPID2], \
        'both switches on %s although three instances are up: %s' % (masters[topo.DPID], masters)


def test_kill_master_during_traffic(cluster, net, procs):
    h1, h2, h3, srv = (net.get(n) for n in ('h1', 'h2', 'h3', 'srv'))
    masters = cluster.wait_masters(DPIDS, 30)
    master = cluster.by_id(masters[topo.DPID])
    others = [i for i in cluster.alive() if i is not master]
    via_before, via_after = others[0], others[-1]

    procs.tool(srv, 'tcp-echo', '--bind', SRV, '--port', ECHO_PORT)
    procs.start(srv, ['iperf3', '-s', '-1', '--forceflush', '-B', SRV, '-p', str(IPERF_PORT)], name='iperf3-server',
                ready='Server listening')
    for port in (FORWARD_BEFORE, FORWARD_AFTER):
        procs.tool(h2, 'tcp-echo', '--bind', topo.LAN_HOSTS['h2'][0], '--port', port)
    add_forward(via_before, FORWARD_BEFORE, topo.LAN_HOSTS['h2'][0], FORWARD_BEFORE)
    before_forward = connects_from_srv(net, FORWARD_BEFORE)
    assert before_forward['succeeded'] == 3, before_forward

    iperf = procs.start(h1, ['iperf3', '-c', SRV, '-p', str(IPERF_PORT), '-t', str(TRAFFIC_S), '-i', '0.5',
                             '-b', '50M', '--json', '--connect-timeout', '3000'], name='iperf3-client')
    session = procs.tool(h2, 'tcp-session', '--dst', SRV, '--port', ECHO_PORT, '--duration', TRAFFIC_S - 2)
    loop = procs.tool(h3, 'tcp-connect-loop', '--dst', SRV, '--port', ECHO_PORT, '--duration', TRAFFIC_S - 4,
                      '--interval', 0.1, '--timeout', 8)
    # Kill once the loop has run ~8 s: 80 connections set up through this master.
    waiting.wait_until(lambda: sum(a['ok'] for a in attempts_of(loop)) >= 80, 20,
                       '80 connections of the loop through the first master')
    before = mappings(master)
    gen_before = {dpid: generation(master, dpid) for dpid in DPIDS}
    s2_master_before = masters[topo.DPID2]

    killed = time.time()
    master.kill()
    after_masters = cluster.wait_masters(DPIDS, 20, 'a new master for s1 after kill -9 of %s' % master.instance_id)
    elected = time.time() - killed
    new_master = cluster.by_id(after_masters[topo.DPID])
    assert new_master is not master
    if s2_master_before != master.instance_id:   # killing an instance moves only its switches
        assert after_masters[topo.DPID2] == s2_master_before, \
            's2 moved from %s to %s although its master lives' % (s2_master_before, after_masters[topo.DPID2])
        assert generation(new_master if new_master.instance_id == s2_master_before else
                          cluster.by_id(s2_master_before), topo.DPID2) == gen_before[topo.DPID2]

    add_forward(via_after, FORWARD_AFTER, topo.LAN_HOSTS['h2'][0], FORWARD_AFTER)
    assert iperf.popen.wait(timeout=TRAFFIC_S + 20) == 0, iperf.output()[-3000:]
    session_result = hosts.tool_result(h2, session.output()) if session.popen.wait(timeout=30) == 0 else None
    assert session_result is not None, session.output()
    assert loop.popen.wait(timeout=30) == 0, loop.output()[-3000:]
    attempts = attempts_of(loop)

    # Figures.
    stall, median = iperf_stall(json.loads(iperf.output()))
    after_kill = [a for a in attempts if a['start'] >= killed]
    first_ok = min((a['end'] for a in after_kill if a['ok']), default=None)
    gap = None if first_ok is None else first_ok - killed
    failed = [a for a in attempts if not a['ok']]
    FIGURES['kill_master'] = {
        'killed': master.instance_id, 'new_master': new_master.instance_id,
        'new_master_seen_after_s': round(elected, 2),
        'first_new_connection_after_s': None if gap is None else round(gap, 2),
        'iperf3_longest_stall_s': stall, 'iperf3_median_bytes_per_0.5s': median,
        'echo_session_longest_gap_s': session_result['max_gap_s'], 'echo_session_echoes': session_result['echoes'],
        'connections': len(attempts), 'connections_failed': len(failed),
        'slowest_connection_s': round(max(a['end'] - a['start'] for a in attempts), 2),
        'generation_s1': [gen_before[topo.DPID], generation(new_master, topo.DPID)],
    }
    print('\n[ha] kill -9 %s: %s' % (master.instance_id, json.dumps(FIGURES['kill_master'])))

    assert session_result['error'] is None, session_result
    assert session_result['max_gap_s'] <= MAX_STALL_S, 'echo session stalled: %s' % session_result
    assert stall <= MAX_STALL_S, 'iperf3 stalled %.1f s' % stall
    assert gap is not None, 'no new connection got through after the kill'
    FAILOVER['kill_master'] = {'gap_s': gap, 'failed': failed}

    # The new master lists the mappings of the old one, same ids and public ports; no port twice.
    after = mappings(via_after)
    by_id = {m['id']: m for m in after}
    key = ('protocol', 'internalAddress', 'internalPort', 'publicAddress', 'publicPort')
    lost = [m for m in before if m['id'] not in by_id]
    changed = [(m, by_id[m['id']]) for m in before if m['id'] in by_id
               and tuple(m[k] for k in key) != tuple(by_id[m['id']][k] for k in key)]
    assert not lost, '%d of %d mappings gone after the failover, e.g. %s' % (len(lost), len(before), lost[:3])
    assert not changed, 'mappings changed their ports: %s' % changed[:3]
    assert not ports_held_twice(after), ports_held_twice(after)[:3]
    FAILOVER['kill_master']['endpoints_mapped_twice'] = endpoints_mapped_twice(after)
    print('[ha] %d mappings before the kill, all listed by %s with the same ports; %d now'
          % (len(before), new_master.instance_id, len(after)))

    # Forwards: the one added before the kill (through one instance) and the one added after
    # (through another) both let srv in.
    for port in (FORWARD_BEFORE, FORWARD_AFTER):
        result = connects_from_srv(net, port)
        assert result['succeeded'] == 3, (port, result)


def test_killing_an_instance_moves_only_its_switches(cluster, net):
    """Kill the master of s2 if it does not master s1, else (both on one instance: the failover
    put them there) an instance that masters nothing: only the victim's switches move."""
    masters = cluster.wait_masters(DPIDS, 30)
    busy = set(masters.values())
    victim = cluster.by_id(masters[topo.DPID2]) if masters[topo.DPID] != masters[topo.DPID2] else \
        next(i for i in cluster.alive() if i.instance_id not in busy)
    gens = {dpid: generation(cluster.by_id(masters[dpid]), dpid) for dpid in DPIDS}
    victim.kill()
    killed = time.time()
    after = cluster.wait_masters(DPIDS, 20, 'a master for every switch after kill -9 of %s' % victim.instance_id)
    moved_after = time.time() - killed
    for dpid in DPIDS:
        if masters[dpid] == victim.instance_id:
            assert after[dpid] != victim.instance_id
        else:
            assert after[dpid] == masters[dpid] and generation(cluster.by_id(after[dpid]), dpid) == gens[dpid], \
                '%s moved or changed generation although its master %s lives: %s -> %s' % (dpid, masters[dpid],
                                                                                       masters, after)
    for dpid, bridge in ((topo.DPID, topo.SWITCH_NAME), (topo.DPID2, topo.SWITCH2_NAME)):
        wait_switch_master(bridge, cluster, after[dpid])
    hosts.wait_ping(net.get(topo.SWITCH2_HOST[0]), topo.SWITCH2_GW[1], timeout=15)
    FIGURES['kill_one_instance'] = {'killed': victim.instance_id, 'masters': [masters, after],
                                    'masters_agreed_after_s': round(moved_after, 2)}
    print('\n[ha] kill -9 %s: %s' % (victim.instance_id, json.dumps(FIGURES['kill_one_instance'])))


def test_losing_one_zookeeper_server_changes_no_master(cluster, ensemble, net, procs):
    dead = [i for i in cluster.instances if not i.alive()]
    for instance in dead:                # back to three instances; they must not take anything over
        instance.launch()
    for instance in dead:
        instance.wait_ready()
    masters = cluster.wait_masters(DPIDS, 30)
    gens = {dpid: generation(cluster.by_id(masters[dpid]), dpid) for dpid in DPIDS}
    follower = next(s for s in ensemble.servers if s.alive() and s.mode() == 'follower')
    loop = procs.tool(net.get('h3'), 'tcp-connect-loop', '--dst', SRV, '--port', ECHO_PORT, '--duration', 6,
                      '--interval', 0.1, '--timeout', 8)
    ensemble.kill(follower)
    assert loop.popen.wait(timeout=30) == 0, loop.output()[-2000:]
    attempts = attempts_of(loop)
    after = cluster.wait_masters(DPIDS, 10)
    gens_after = {dpid: generation(cluster.by_id(after[dpid]), dpid) for dpid in DPIDS}
    slowest = max(a['end'] - a['start'] for a in attempts)
    FIGURES['zookeeper_server_killed'] = {'server': follower.sid, 'masters': [masters, after],
                                          'generations': [gens, gens_after], 'connections': len(attempts),
                                          'failed': sum(not a['ok'] for a in attempts),
                                          'slowest_connection_s': round(slowest, 2)}
    print('\n[ha] ZooKeeper server %d killed: %s' % (follower.sid, json.dumps(FIGURES['zookeeper_server_killed'])))
    assert after == masters, 'masters changed when one ZooKeeper server of three died: %s -> %s' % (masters, after)
    assert all(a['ok'] for a in attempts), [a for a in attempts if not a['ok']][:5]
    ensemble.start_server(follower)
    ensemble.wait_healthy(60)


def test_paused_master_steps_down_and_stays_slave(cluster, net, procs):
    masters = cluster.wait_masters(DPIDS, 30)
    paused = cluster.by_id(masters[topo.DPID])
    counters_before = counters(paused)
    loop = procs.tool(net.get('h3'), 'tcp-connect-loop', '--dst', SRV, '--port', ECHO_PORT, '--duration', 10,
                      '--interval', 0.1, '--timeout', 8)
    stopped = time.time()
    paused.pause()
    try:
        def other_master():
            live = [i for i in cluster.alive() if i is not paused]
            views = [i.switch_view(topo.DPID) for i in live]
            new = {v['master'] for v in views}
            if len(new) == 1 and None not in new and paused.instance_id not in new:
                master = cluster.by_id(new.pop())
                return master if master.switch_view(topo.DPID)['localRole'] == 'MASTER' else None
            return None
        new_master = waiting.wait_until(other_master, 20, 'a new master of s1 while %s is paused'
                                        % paused.instance_id, interval=0.1)
        took_over = time.time() - stopped
        # Keep it paused past twice the session timeout: its session is surely gone.
        waiting.wait_until(lambda: time.time() - stopped > 2 * SESSION_TIMEOUT_S, 10, 'the pause to last')
    finally:
        paused.resume()
    resumed = time.time()

    def stepped_down():
        view = paused.switch_view(topo.DPID)
        return view if view['localRole'] != 'MASTER' and view['master'] == new_master.instance_id else None
    view = waiting.wait_until(stepped_down, 15, '%s to see itself as not master of s1 after SIGCONT' % paused.instance_id)
    roles = wait_switch_master(topo.SWITCH_NAME, cluster, new_master.instance_id)
    waiting.assert_never(lambda: switch_roles(topo.SWITCH_NAME, cluster)[paused.instance_id] == 'master', 3,
                         'the resumed %s is master in the switch again' % paused.instance_id, interval=0.5)
    assert loop.popen.wait(timeout=30) == 0
    attempts = attempts_of(loop)
    late = [a for a in attempts if a['start'] > stopped + took_over + 0.2 and not a['ok']]
    counters_after = counters(paused)
    FIGURES['sigstop_master'] = {'paused': paused.instance_id, 'new_master': new_master.instance_id,
                                 'new_master_after_s': round(took_over, 2), 'paused_for_s': round(resumed - stopped, 2),
                                 'resumed_view': view, 'switch_roles': roles,
                                 'paused_counters': [counters_before, counters_after],
                                 'connections': len(attempts), 'failed_after_takeover': len(late)}
    print('\n[ha] SIGSTOP %s: %s' % (paused.instance_id, json.dumps(FIGURES['sigstop_master'])))
    FAILOVER['sigstop_master'] = {'failed_after_takeover': late}
    assert took_over <= MAX_GAP_S + 1.0, 'new master after %.1f s' % took_over


def test_new_connections_back_within_twice_the_session_timeout():
    """From test_kill_master_during_traffic's loop: the first connection started after the kill
    got through within 2 x the session timeout, none failed, no internal endpoint got two mappings."""
    measured = FAILOVER.get('kill_master')
    assert measured, 'test_kill_master_during_traffic did not measure'
    assert measured['gap_s'] <= MAX_GAP_S, \
        'new connections back %.2f s after the kill (goal <= %.1f s)' % (measured['gap_s'], MAX_GAP_S)
    assert not measured['failed'], 'connections failed across the failover: %s' % measured['failed'][:5]
    assert not measured['endpoints_mapped_twice'], measured['endpoints_mapped_twice'][:3]


def test_no_connection_fails_once_a_paused_master_is_replaced():
    measured = FAILOVER.get('sigstop_master')
    assert measured, 'test_paused_master_steps_down_and_stays_slave did not measure'
    assert not measured['failed_after_takeover'], \
        'connections failed after the new master took over: %s' % measured['failed_after_takeover'][:5]
