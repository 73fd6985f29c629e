"""Helpers for the natflow end-to-end tests: bounded polling, the controller as a
subprocess, REST calls, Open vSwitch queries and processes in Mininet hosts (the traffic
tools those run are in host_tools.py). No fixed sleeps anywhere: every wait is
wait_until(predicate, timeout, what)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

OPENFLOW_PORT = 6653
REST_URL = 'http://127.0.0.1:8080'
ADMIN_URL = 'http://127.0.0.1:8081'
OFPP_LOCAL = 4294967294


class WaitTimeout(AssertionError):
    """A bounded wait ran out; the message says what we waited for and what we saw."""


class StopWaiting(AssertionError):
    """Raised by a predicate when waiting longer cannot help (e.g. the process died)."""


def wait_until(predicate, timeout, what, interval=0.2):
    """Call predicate() until it returns something truthy and return that value.

    Exceptions from the predicate count as "not yet". After `timeout` seconds raise
    WaitTimeout naming `what`, the last value returned and the last exception."""
    deadline = time.monotonic() + timeout
    last_value, last_error = None, None
    while True:
        try:
            last_value = predicate()
            if last_value:
                return last_value
            last_error = None
        except StopWaiting:
            raise
        except Exception as error:  # noqa: BLE001 - a poll treats any error as "not yet"
            last_error = error
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    detail = 'last result: %s' % _short(last_value)
    if last_error is not None:
        detail += '; last error: %s: %s' % (type(last_error).__name__, _short(last_error))
    raise WaitTimeout('timed out after %.1f s waiting for %s (%s)' % (timeout, what, detail))


def _short(value, limit=1500):
    text = repr(value) if not isinstance(value, (str, Exception)) else str(value)
    return text if len(text) <= limit else text[:limit] + '...'


# --------------------------------------------------------------------------- HTTP

def http_get(url, timeout=3.0, method='GET'):
    """GET (or another method on) url; return (status, body text). HTTP errors return their status too."""
    request = urllib.request.Request(url, headers={'Accept': 'application/json'}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode('utf-8', 'replace')


def http_get_json(url, timeout=3.0):
    status, body = http_get(url, timeout)
    if status != 200:
        raise AssertionError('GET %s -> HTTP %d: %s' % (url, status, _short(body)))
    return json.loads(body)


def port_open(port, host='127.0.0.1'):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


# --------------------------------------------------------------------------- OVS

def run(cmd, check=True, timeout=30):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise AssertionError('%s failed (exit %d): %s'
                             % (' '.join(cmd), proc.returncode, proc.stdout.strip()))
    return proc.stdout


def ovs_mac_in_use(interface):
    return run(['ovs-vsctl', '--timeout=5', 'get', 'Interface', interface,
                'mac_in_use']).strip().strip('"').lower()


OFCTL = ['ovs-ofctl', '-O', 'OpenFlow13']


def _dump_flows(bridge, table, *options):
    """The stripped lines of ovs-ofctl dump-flows (all tables, or one)."""
    cmd = OFCTL + list(options) + ['dump-flows', bridge]
    if table is not None:
        cmd.append('table=%d' % table)
    return [line.strip() for line in run(cmd).splitlines()]


def ovs_flows(bridge, table=None):
    """Flow entries of `bridge` as ovs-ofctl prints them with --no-stats, cookie and
    table prefixes removed (e.g. 'priority=0 actions=CONTROLLER:65535')."""
    flows = []
    for line in _dump_flows(bridge, table, '--no-stats'):
        if not line or line.startswith('OFPST_FLOW') or line.startswith('NXST_FLOW'):
            continue
        parts = [p for p in line.split(', ') if not p.startswith(('cookie=', 'table='))]
        flows.append(', '.join(parts))
    return flows


def ovs_diagnostics(bridge):
    """Text for failure reports: bridge, ports, flows, controller state."""
    out = []
    for cmd in (['ovs-vsctl', 'show'],
                OFCTL + ['show', bridge],
                OFCTL + ['dump-flows', bridge],
                ['ovs-vsctl', '--columns=target,is_connected,status', 'list', 'Controller']):
        try:
            out.append('$ %s\n%s' % (' '.join(cmd), run(cmd, check=False, timeout=10)))
        except Exception as error:  # noqa: BLE001
            out.append('$ %s\n(%s)' % (' '.join(cmd), error))
    return '\n'.join(out)


# --------------------------------------------------------------------------- controller

class ControllerProcess:
    """The built natflow jar run as a subprocess with its own copy of the config and
    its own log file, in its own working directory. Stopped by PID only."""

    def __init__(self, jar, config, workdir, java='java', rest_url=REST_URL,
                 admin_url=ADMIN_URL, openflow_port=OPENFLOW_PORT):
        self.jar = Path(jar)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config = self.workdir / 'natflow.yml'
        shutil.copyfile(config, self.config)
        self.java = java
        self.rest_url = rest_url
        self.admin_url = admin_url
        self.openflow_port = openflow_port
        self.log_path = self.workdir / 'controller.log'
        self.proc = None
        self.starts = 0

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout=60.0):
        """Start the jar and poll until REST answers GET /api/switches with a JSON list."""
        assert not self.alive(), 'controller already running (pid %d)' % self.pid
        # Fail fast and clearly if something else (a run.sh left running?) owns our ports.
        for port in (self.openflow_port, _port_of(self.rest_url), _port_of(self.admin_url)):
            wait_until(lambda p=port: not port_open(p), 15,
                       '127.0.0.1:%d to be free before starting the controller '
                       '(another natflow controller running?)' % port)
        self.starts += 1
        with open(self.log_path, 'a') as log:
            log.write('\n===== natflow start #%d: %s -jar %s server %s =====\n'
                      % (self.starts, self.java, self.jar, self.config))
            log.flush()
            self.proc = subprocess.Popen(
                [self.java, '-jar', str(self.jar), 'server', str(self.config)],
                cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)

        def rest_ready():
            if not self.alive():
                raise ControllerDied('controller exited with code %s during startup; log:\n%s'
                                     % (self.proc.returncode, self.log_tail()))
            return isinstance(http_get_json(self.rest_url + '/api/switches', 2.0), list)

        wait_until(rest_ready, timeout, 'the controller REST API at %s/api/switches '
                   '(pid %d, log %s)' % (self.rest_url, self.pid, self.log_path))
        return self

    def stop(self, sig=signal.SIGTERM, timeout=20.0):
        """Signal our process by PID; escalate to SIGKILL after `timeout` seconds."""
        return None if self.proc is None else stop_process(self.proc, sig, timeout)

    def log_text(self):
        try:
            return self.log_path.read_text(errors='replace')
        except FileNotFoundError:
            return '(no log file %s)' % self.log_path

    def log_tail(self, lines=200):
        return '\n'.join(self.log_text().splitlines()[-lines:])

    # REST views ------------------------------------------------------------
    def switches(self):
        return http_get_json(self.rest_url + '/api/switches')

    def switch(self, dpid):
        for sw in self.switches():
            if sw.get('datapathId') == dpid:
                return sw
        return None

    def health(self):
        """(status, parsed JSON or raw text) of the Dropwizard admin health check."""
        status, body = http_get(self.admin_url + '/healthcheck')
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body


class ControllerDied(StopWaiting):
    pass


def stop_process(popen, sig, timeout):
    """Signal popen by PID (never by name); SIGKILL if still there after `timeout` s.
    Returns its exit code."""
    if popen.poll() is None:
        try:
            os.kill(popen.pid, sig)
            popen.wait(timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.kill(popen.pid, signal.SIGKILL)
            popen.wait(10)
    return popen.returncode


def _port_of(url):
    return int(url.rsplit(':', 1)[1].split('/', 1)[0])


# --------------------------------------------------------------------------- Mininet hosts
# Everything run inside a host is bounded: host_run() by a timeout, background processes
# (servers, captures) by HostProcesses, which stops them by PID.

CONFIG_DIR = Path(__file__).resolve().parent / 'configs'
HOST_PYTHON = '/usr/bin/python3'       # the system python (scapy, no pyenv shims)
HOST_TOOLS = str(Path(__file__).resolve().parent / 'host_tools.py')


def config_file(name):
    """A test configuration in mininet/configs/ (copies of natflow.yml with other knobs)."""
    path = CONFIG_DIR / name
    if not path.is_file():
        raise FileNotFoundError('test config %s not found' % path)
    return path


def _host_popen(host, cmd):
    """Start cmd (argv list, or a shell string) in host, output piped; return (argv, Popen)."""
    args = cmd if isinstance(cmd, list) else ['sh', '-c', cmd]
    return args, host.popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def host_run(host, cmd, timeout=30):
    """Run cmd (argv list, or a shell string) inside a Mininet host; return (rc, output).

    Killed (and an AssertionError raised) when it runs longer than `timeout` seconds."""
    args, proc = _host_popen(host, cmd)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise AssertionError('%s: %s ran longer than %s s; output so far:\n%s'
                             % (host.name, ' '.join(args), timeout,
                                out.decode('utf-8', 'replace')))
    return proc.returncode, out.decode('utf-8', 'replace')


def host_run_many(jobs, timeout=30):
    """Run [(host, cmd), ...] at the same time; return [(rc, output), ...] in order."""
    procs = [(host,) + _host_popen(host, cmd) for host, cmd in jobs]
    deadline = time.monotonic() + timeout
    results, late = [], []
    for host, args, proc in procs:
        try:
            out, _ = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            late.append('%s: %s' % (host.name, ' '.join(args)))
        results.append((proc.returncode, out.decode('utf-8', 'replace')))
    if late:
        raise AssertionError('ran longer than %s s: %s; outputs: %s' % (timeout, late, results))
    return results


def tool_args(tool, *args):
    """argv of a host tool (host_tools.py), unbuffered so logs show every line at once."""
    return [HOST_PYTHON, '-u', HOST_TOOLS, tool] + [str(a) for a in args]


def _json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith('{')]


def tool_result(host, output):
    """The JSON result line a host tool printed."""
    results = _json_lines(output)
    if not results:
        raise AssertionError('%s: no JSON result in tool output:\n%s' % (host.name, output))
    return results[-1]


def host_tool(host, tool, *args, timeout=30):
    """Run a host tool (host_tools.py) in `host` to its end; return its JSON result."""
    rc, out = host_run(host, tool_args(tool, *args), timeout)
    if rc != 0:
        raise AssertionError('%s: tool %s %s failed (exit %d):\n%s'
                             % (host.name, tool, ' '.join(map(str, args)), rc, out))
    return tool_result(host, out)


class HostProcess:
    """A background process in a Mininet host with its output in a file."""

    def __init__(self, host, args, log_path, popen):
        self.host, self.args, self.log_path, self.popen = host, args, Path(log_path), popen

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def output(self):
        try:
            return self.log_path.read_text(errors='replace')
        except FileNotFoundError:
            return ''

    def wait_output(self, needle, timeout, what=None):
        """Poll until `needle` (str, or a predicate on the output) shows in the output."""
        def seen():
            text = self.output()
            found = needle(text) if callable(needle) else needle in text
            if not found and not self.alive():
                raise StopWaiting('%s: %s exited with %s; output:\n%s' % (
                    self.host.name, ' '.join(self.args), self.popen.returncode, _short(text)))
            return found
        return wait_until(seen, timeout, what or '%r in the output of %s on %s'
                          % (needle, ' '.join(self.args), self.host.name))

    def write_line(self, line):
        """Send one line to the process's stdin (started with stdin=PIPE); a held
        tcp-hold connection closes on any line."""
        self.popen.stdin.write(line.encode() + b'\n')
        self.popen.stdin.flush()

    def stop(self, sig=signal.SIGTERM, timeout=5.0):
        """Signal our process by PID; SIGKILL if it is still there after `timeout` s."""
        return stop_process(self.popen, sig, timeout)


class HostProcesses:
    """Starts background processes in hosts; stops them (by PID) on stop_all()."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.started = []
        self._count = 0

    def start(self, host, args, name=None, ready=None, ready_timeout=10, stdin=None):
        """Start argv `args` in `host`, output to a log file; wait for `ready` in it."""
        self._count += 1
        log_path = self.workdir / ('%02d-%s-%s.log' % (self._count, host.name,
                                                       name or Path(args[0]).name))
        with open(log_path, 'wb') as log:
            popen = host.popen(args, stdin=stdin or subprocess.DEVNULL, stdout=log,
                               stderr=subprocess.STDOUT)
        proc = HostProcess(host, args, log_path, popen)
        self.started.append(proc)
        if ready is not None:
            proc.wait_output(ready, ready_timeout)
        return proc

    def tool(self, host, tool, *args, ready='ready', **kwargs):
        """Start a host tool (host_tools.py; servers, held connections) in the background."""
        return self.start(host, tool_args(tool, *args), name=tool, ready=ready, **kwargs)

    def capture(self, host, intf, bpf='', verbose=True, options=()):
        """tcpdump on `intf` of `host`, line buffered, started once it is listening."""
        args = ['tcpdump', '-l', '-n', '-i', intf] + (['-vv'] if verbose else []) + \
            list(options) + bpf.split()
        return self.start(host, args, name='tcpdump-' + intf, ready='listening on')

    def stop_all(self):
        for proc in reversed(self.started):
            proc.stop(signal.SIGINT if proc.args[0] == 'tcpdump' else signal.SIGTERM)
        self.started.clear()


def assert_never(predicate, duration, what, interval=0.2):
    """Poll predicate() for `duration` seconds; fail as soon as it is truthy."""
    deadline = time.monotonic() + duration
    while True:
        value = predicate()
        if value:
            raise AssertionError('%s (seen: %s)' % (what, _short(value)))
        if time.monotonic() >= deadline:
            return
        time.sleep(interval)


# --------------------------------------------------------------------------- NAT flows

_FLOW_FIELD = re.compile(r'(\w+)=([^,\s]+)')


def flow_entries(bridge, table=None):
    """Flows of `bridge` as dicts: cookie (int), table, n_packets, idle_timeout (int or None),
    priority, send_flow_rem (bool), match (dict field -> value, flags like 'tcp' -> ''),
    actions (str), text (the ovs-ofctl line)."""
    entries = []
    for line in _dump_flows(bridge, table):
        if not line.startswith('cookie='):
            continue
        head, _, actions = line.partition(' actions=')
        fields = dict(_FLOW_FIELD.findall(head))
        match_part = head.split(' ')[-1]
        match = {}
        for item in match_part.split(','):
            key, _, value = item.partition('=')
            match[key] = value
        entries.append({
            'cookie': int(fields['cookie'], 16),
            'table': int(fields.get('table', 0)),
            'n_packets': int(fields.get('n_packets', 0)),
            'idle_timeout': int(fields['idle_timeout']) if 'idle_timeout' in fields else None,
            'priority': int(match.pop('priority', 0) or 0),
            'send_flow_rem': 'send_flow_rem' in head,
            'match': match,
            'actions': actions,
            'text': line,
        })
    return entries


# --------------------------------------------------------------------------- NAT scenario
# Helpers shared by the test_nat*.py modules (the topology's names come from topo.py).

WATCH_TABLE = 1
NAT_TABLE = 2
ROUTE_TABLE = 3
MISS_TABLE = 4
UP_TABLE = 5
STATIC_COOKIE_MIN = 0x4e46000000000000    # cookies of the router's own flows ("NF")


def is_mapping_cookie(cookie):
    return 0 < cookie < STATIC_COOKIE_MIN


def nat_ready(bridge):
    """True once the NAT pipeline is in the switch and the gateway's MAC is resolved
    (the default route in the ROUTE table, priority 10, sets it as eth_dst)."""
    routes = flow_entries(bridge, ROUTE_TABLE)
    return any(f['priority'] == 10 and 'set_field' in f['actions'] for f in routes) and \
        any(f['priority'] == 300 for f in flow_entries(bridge, 0))


def ping(host, dst, count=3, extra='', timeout=None):
    """ping from host; return (received, output)."""
    rc, out = host_run(host, 'ping -n -c %d -i 0.2 -W 2 %s %s' % (count, extra, dst),
                       timeout=timeout or count * 2 + 10)
    match = re.search(r'(\d+) received', out)
    return (int(match.group(1)) if match else 0), out


def wait_ping(host, dst, timeout=20):
    """Poll single pings until one is answered (ARP and flows warm up)."""
    return wait_until(lambda: ping(host, dst, 1)[0] == 1, timeout,
                      'a ping reply from %s to %s' % (dst, host.name), interval=0.3)


def curl(host, url, extra='', timeout=8):
    """curl from host; return (exit code, body + error text)."""
    return host_run(host, 'curl -sS --max-time %d %s %s' % (timeout - 2, extra, url),
                    timeout=timeout + 5)


def start_http_server(procs, host, ip, port, marker, workdir):
    """python http.server on host ip:port serving an index.html that contains marker;
    its log (one line per request, client address first) is the process output."""
    root = Path(workdir) / ('www-%s-%d' % (host.name, port))
    root.mkdir(parents=True, exist_ok=True)
    (root / 'index.html').write_text('<html><body>%s</body></html>\n' % marker)
    return procs.start(host, [HOST_PYTHON, '-u', '-m', 'http.server', str(port), '--bind', ip,
                              '--directory', str(root)],
                       name='http-%d' % port, ready='Serving HTTP')


def http_clients(server_proc):
    """Client addresses of the requests an http.server logged."""
    return re.findall(r'^(\d+\.\d+\.\d+\.\d+) - - \[.*\] "GET ', server_proc.output(), re.M)


def json_lines(proc):
    """The JSON lines a background host tool logged so far."""
    return _json_lines(proc.output())


CHECKSUM_ERRORS = ('incorrect', 'bad cksum', 'bad udp cksum', 'wrong icmp cksum', 'bad icmp cksum')


def checksum_errors(capture_text):
    """Lines of a tcpdump -vv capture that report a wrong checksum."""
    return [line for line in capture_text.splitlines()
            if any(err in line.lower() for err in CHECKSUM_ERRORS)]


# --------------------------------------------------------------------------- router state
# Shared by the test_dataplane_*.py modules: what the controller counts and decided.

def drops():
    """Drop counters by reason, as GET /api/stats reports them ({'ARP_BINDING_CONFLICT': 1, ...})."""
    return http_get_json(REST_URL + '/api/stats')['drops']


def event_counter(name):
    """A NAT event counter ('arp.host_moved', 'fragment_held', ...) from the admin metrics
    (registered lazily, once a second: 0 until it exists)."""
    gauges = http_get_json(ADMIN_URL + '/metrics')['gauges']
    return gauges.get('natflow.events.' + name, {}).get('value', 0)


def mapping_of(protocol, internal_ip, internal_port):
    """The live mapping of internal_ip:internal_port (GET /api/mappings), or None."""
    found = http_get_json('%s/api/mappings?internal=%s:%d&protocol=%s'
                          % (REST_URL, internal_ip, internal_port, protocol))
    return found['items'][0] if found['matched'] == 1 else None


def host_routes(bridge, ip):
    """The ROUTE-table flows whose match is nw_dst=ip (the host route and its same-port twin)."""
    return [f for f in flow_entries(bridge, ROUTE_TABLE) if f['match'].get('nw_dst') == ip]
