"""Commands, host tools (host_tools.py) and background processes inside Mininet hosts.
Everything run in a host is bounded: host_run() by a timeout, background processes (servers,
captures) by HostProcesses, which stops them by PID."""

import json
import re
import signal
import subprocess
import time
from pathlib import Path

from e2e.config import MININET_DIR
from e2e.processes import stop_process
from e2e.waiting import StopWaiting, short, wait_until

HOST_PYTHON = '/usr/bin/python3'       # the system python (scapy, no pyenv shims)
HOST_TOOLS = str(MININET_DIR / 'host_tools.py')
CHECKSUM_ERRORS = ('incorrect', 'bad cksum', 'bad udp cksum', 'wrong icmp cksum', 'bad icmp cksum')


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


# --------------------------------------------------------------------------- host tools

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


def json_lines(proc):
    """The JSON lines a background host tool logged so far."""
    return _json_lines(proc.output())


# --------------------------------------------------------------------------- background processes

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
                    self.host.name, ' '.join(self.args), self.popen.returncode, short(text)))
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


# --------------------------------------------------------------------------- traffic

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


def checksum_errors(capture_text):
    """Lines of a tcpdump -vv capture that report a wrong checksum."""
    return [line for line in capture_text.splitlines()
            if any(err in line.lower() for err in CHECKSUM_ERRORS)]
