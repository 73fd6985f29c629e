"""Helpers for the natflow end-to-end tests: bounded polling, the controller as a
subprocess, REST calls and Open vSwitch queries. No fixed sleeps anywhere: every
wait is wait_until(predicate, timeout, what)."""

import json
import os
import shutil
import signal
import socket
import subprocess
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

def http_get(url, timeout=3.0):
    """GET url; return (status, body text). HTTP errors return their status too."""
    request = urllib.request.Request(url, headers={'Accept': 'application/json'})
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


def ovs_flows(bridge, table=None):
    """Flow entries of `bridge` as ovs-ofctl prints them with --no-stats, cookie and
    table prefixes removed (e.g. 'priority=0 actions=CONTROLLER:65535')."""
    cmd = ['ovs-ofctl', '-O', 'OpenFlow13', '--no-stats', 'dump-flows', bridge]
    if table is not None:
        cmd.append('table=%d' % table)
    flows = []
    for line in run(cmd).splitlines():
        line = line.strip()
        if not line or line.startswith('OFPST_FLOW') or line.startswith('NXST_FLOW'):
            continue
        parts = [p for p in line.split(', ') if not p.startswith(('cookie=', 'table='))]
        flows.append(', '.join(parts))
    return flows


def ovs_diagnostics(bridge):
    """Text for failure reports: bridge, ports, flows, controller state."""
    out = []
    for cmd in (['ovs-vsctl', 'show'],
                ['ovs-ofctl', '-O', 'OpenFlow13', 'show', bridge],
                ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', bridge],
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
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        return self.proc.returncode

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


def _port_of(url):
    return int(url.rsplit(':', 1)[1].split('/', 1)[0])
