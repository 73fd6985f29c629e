"""The built natflow jar as a subprocess of the tests, on the ports its config sets."""

import json
import shutil
import signal
import subprocess
from pathlib import Path

from e2e.config import ports_of
from e2e.processes import stop_process
from e2e.rest import http_get, http_get_json, port_open
from e2e.waiting import StopWaiting, wait_until


class ControllerDied(StopWaiting):
    """The controller exited while we waited for it."""


class ControllerProcess:
    """The jar run with its own copy of the config and its own log file, in its own working
    directory. Its ports come from that config. Stopped by PID only."""

    def __init__(self, jar, config, workdir, java='java'):
        self.jar = Path(jar)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config = self.workdir / 'natflow.yml'
        shutil.copyfile(config, self.config)
        self.java = java
        self.ports = ports_of(self.config)
        self.rest_url = self.ports.rest_url
        self.admin_url = self.ports.admin_url
        self.openflow_port = self.ports.openflow
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
        self.launch()
        return self.wait_ready(timeout)

    def launch(self):
        """Start the jar without waiting (several controllers start side by side: launch each,
        then wait_ready each)."""
        assert not self.alive(), 'controller already running (pid %d)' % self.pid
        # Fail fast and clearly if something else (a run.sh left running?) owns our ports.
        for port in (self.ports.openflow, self.ports.rest, self.ports.admin):
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
        return self

    def wait_ready(self, timeout=60.0):
        """Poll until REST answers GET /api/switches with a JSON list."""
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
