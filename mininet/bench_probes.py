"""What mininet/bench_nat.py reads around each measured interval, outside the traffic: the
natflow controller's event counters (admin /prometheus), Open vSwitch's coverage counters,
the userspace datapath's main-thread statistics, its datapath flows (upcall/show, dpctl), the
CPU time of every ovs-vswitchd thread and of the controller, and the OVS settings in force.
Each snapshot is a flat dict of numbers, so an interval's cost is `delta(after, before)`."""

import os
import re
import subprocess
import threading
import time
import urllib.request

DATAPATH = 'netdev@ovs-netdev'
CLOCK_TICKS = 100.0   # USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s


def run(cmd, timeout=60):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if p.returncode:
        raise RuntimeError('%s: %s' % (' '.join(cmd), p.stdout.strip()[-300:]))
    return p.stdout


def controller_counters(admin_url):
    """natflow's event counters, `natflow_events_<name> <value>` lines of /prometheus."""
    with urllib.request.urlopen(admin_url + '/prometheus', timeout=5) as response:
        text = response.read().decode('utf-8', 'replace')
    return {name: float(value) for name, value in re.findall(r'^natflow_events_(\w+)\s+(\S+)$', text, re.M)}


def coverage():
    """ovs-vswitchd's coverage counters (totals). Threads fold their counts into the totals
    about once a second, so read them a second or more after the traffic stopped."""
    return {name: int(total) for name, total in
            re.findall(r'^(\w+)\s+.*total:\s+(\d+)$', run(['ovs-appctl', 'coverage/show']), re.M)}


def main_thread_stats():
    """The userspace datapath's per-thread statistics for its main thread, which polls the
    veth (non-PMD) ports: packets received, megaflow hits, misses (upcalls)."""
    text = run(['ovs-appctl', 'dpif-netdev/pmd-stats-show'])
    block = text.split('main thread:', 1)[1] if 'main thread:' in text else ''
    block = re.split(r'^\S.*:$', block, maxsplit=1, flags=re.M)[0]
    return {name.strip(): float(v) for name, v in re.findall(r'^\s+([a-z][a-z .]+):\s+([\d.]+)', block, re.M)
            if not name.startswith('avg')}


def upcall_show():
    """Datapath flows now, on average, at most, and the dynamic flow limit; revalidator dump time."""
    text = run(['ovs-appctl', 'upcall/show'])
    out = {}
    m = re.search(r'flows\s*:\s*\(current (\d+)\) \(avg (\d+)\) \(max (\d+)\) \(limit (\d+)\)', text)
    if m:
        out.update(zip(('dp_flows', 'dp_flows_avg', 'dp_flows_max', 'dp_flow_limit'), map(int, m.groups())))
    m = re.search(r'dump duration\s*:\s*(\d+)ms', text)
    if m:
        out['dump_duration_ms'] = int(m.group(1))
    return out


def datapath_flows_by_bridge(bridges):
    """Datapath flows whose in_port is a port of each bridge (all bridges share one datapath)."""
    text = run(['ovs-appctl', 'dpctl/dump-flows', '--names', DATAPATH], timeout=120)
    counts = {b: 0 for b in bridges}
    for port in re.findall(r'in_port\(([^)]+)\)', text):
        bridge = port.split('-', 1)[0]
        if bridge in counts:
            counts[bridge] += 1
    return counts


def thread_cpu(pid):
    """CPU seconds (user + system) of each thread of a process, summed by thread name with its
    number dropped (handler12 -> handler)."""
    out = {}
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/stat' % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue   # the thread ended
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS   # utime, stime
        key = re.sub(r'\d+$', '', name) or name
        out[key] = out.get(key, 0.0) + seconds
    return out


def process_cpu(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def vswitchd_pid():
    return int(run(['pidof', 'ovs-vswitchd']).split()[0])


def delta(after, before):
    return {k: after[k] - before.get(k, 0) for k in after if isinstance(after[k], (int, float))}


class Snapshot:
    """Everything countable about one moment: `take()` before and after an interval."""

    def __init__(self, admin_url=None, controller_pid=None):
        self.admin_url = admin_url
        self.controller_pid = controller_pid
        self.ovs_pid = vswitchd_pid()

    def take(self):
        snap = {'coverage': coverage(), 'main_thread': main_thread_stats(),
                'ovs_cpu': thread_cpu(self.ovs_pid), 'time': time.monotonic()}
        if self.admin_url:
            snap['controller'] = controller_counters(self.admin_url)
        if self.controller_pid:
            snap['controller_cpu'] = {'process': process_cpu(self.controller_pid)}
        return snap

    @staticmethod
    def interval(before, after):
        return {k: delta(after[k], before[k]) for k in after if isinstance(after[k], dict)} | \
            {'seconds': after['time'] - before['time']}


class FlowSampler:
    """Samples upcall/show every `period` seconds in the background; `peak()` is the most
    datapath flows seen, since upcall/show's own max covers the datapath's whole life."""

    def __init__(self, period=0.5):
        self.period = period
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self):
        try:
            self.samples.append(upcall_show())
        except (RuntimeError, subprocess.TimeoutExpired):
            pass

    def _loop(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.period)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)
        self._sample()   # the end of a short interval too

    def summary(self):
        flows = [s.get('dp_flows', 0) for s in self.samples]
        limits = [s.get('dp_flow_limit', 0) for s in self.samples]
        dumps = [s.get('dump_duration_ms', 0) for s in self.samples]
        return {'dp_flows_peak': max(flows, default=None), 'dp_flow_limit_min': min(limits, default=None),
                'dump_duration_ms_max': max(dumps, default=None), 'samples': len(self.samples)}


def ovs_settings(bridges):
    """The Open vSwitch versions and settings the run used, as printed by OVS itself."""
    out = {'ovs-vswitchd --version': run(['ovs-vswitchd', '--version']).splitlines()[0],
           'ovs-vsctl --version': run(['ovs-vsctl', '--version']).splitlines()[0],
           'kernel': run(['uname', '-r']).strip(), 'cpus': run(['nproc']).strip()}
    for column in ('other_config', 'datapath_types', 'ovs_version', 'dpdk_initialized'):
        out['Open_vSwitch ' + column] = run(['ovs-vsctl', 'get', 'Open_vSwitch', '.', column]).strip()
    for bridge in bridges:
        out['Bridge %s' % bridge] = ' '.join(
            '%s=%s' % (column, run(['ovs-vsctl', 'get', 'Bridge', bridge, column]).strip())
            for column in ('datapath_type', 'fail_mode', 'protocols', 'other_config'))
    out['upcall/show'] = run(['ovs-appctl', 'upcall/show']).strip()
    counts = {}
    pid = vswitchd_pid()
    for tid in os.listdir('/proc/%d/task' % pid):
        try:
            with open('/proc/%d/task/%s/comm' % (pid, tid)) as f:
                name = re.sub(r'\d+$', '', f.read().strip())
        except OSError:
            continue
        counts[name] = counts.get(name, 0) + 1
    out['ovs-vswitchd threads'] = ', '.join('%s x%d' % kv for kv in sorted(counts.items()))
    return out
