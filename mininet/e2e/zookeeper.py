"""A real ZooKeeper ensemble on loopback for the HA tests: N QuorumPeerMain processes started
from the jars the cluster/ module resolves (mvn package writes their classpath to
cluster/target/zookeeper-server.classpath), data dirs under a temp dir, stopped by PID.

tickTime is small (250 ms, minSessionTimeout 500 ms) so a client's 1.5 s session timeout is
honoured: with ZooKeeper's defaults every session lasts at least 2 x 3000 ms."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from e2e.config import REPO_ROOT
from e2e.processes import stop_process
from e2e.rest import port_open
from e2e.waiting import StopWaiting, wait_until

CLASSPATH_FILE = REPO_ROOT / 'cluster/target/zookeeper-server.classpath'
TICK_MS = 250
CLIENT_PORT_BASE = 21880        # server i (from 1) answers clients on 21880 + i
PEER_PORT_BASE = 21890          # quorum traffic
ELECTION_PORT_BASE = 21900      # leader election

LOGBACK_XML = """<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="OUT"/></root>
  <logger name="org.apache.zookeeper.server.quorum.QuorumPeer" level="INFO"/>
</configuration>
"""


def four_letter_word(port, word, timeout=1.0):
    """Send a ZooKeeper four-letter command (srvr, ruok, mntr) to 127.0.0.1:port; return the answer."""
    with socket.create_connection(('127.0.0.1', port), timeout=timeout) as sock:
        sock.sendall(word.encode())
        chunks = []
        while True:
            data = sock.recv(4096)
            if not data:
                break
            chunks.append(data)
    return b''.join(chunks).decode('utf-8', 'replace')


def server_mode(port):
    """'leader', 'follower', 'standalone', or None (not answering, or not serving yet)."""
    try:
        answer = four_letter_word(port, 'srvr')
    except OSError:
        return None
    for line in answer.splitlines():
        if line.startswith('Mode:'):
            return line.split(':', 1)[1].strip()
    return None  # "This ZooKeeper instance is not currently serving requests"


def zookeeper_classpath():
    if not CLASSPATH_FILE.is_file():
        raise FileNotFoundError('%s not found: build the cluster module first (mvn -B package '
                                '-DskipTests, or mvn -B verify)' % CLASSPATH_FILE)
    classpath = CLASSPATH_FILE.read_text().strip()
    missing = [jar for jar in classpath.split(':') if not os.path.isfile(jar)]
    if missing:
        raise FileNotFoundError('ZooKeeper classpath names missing jars (rebuild cluster/): %s' % missing)
    return classpath


class ZooKeeperServer:
    """One QuorumPeerMain process: its id (1..N), client port, directory and log."""

    def __init__(self, sid, directory):
        self.sid = sid
        self.client_port = CLIENT_PORT_BASE + sid
        self.dir = Path(directory)
        self.log_path = self.dir / 'out.log'
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def mode(self):
        return server_mode(self.client_port)

    def log_tail(self, lines=60):
        try:
            return '\n'.join(self.log_path.read_text(errors='replace').splitlines()[-lines:])
        except FileNotFoundError:
            return '(no log)'


class ZooKeeperEnsemble:
    """N servers on 127.0.0.1 (client ports 21881.., quorum 21891.., election 21901..)."""

    def __init__(self, workdir, size=3, java='java'):
        self.workdir = Path(workdir)
        self.java = java
        self.servers = [ZooKeeperServer(sid, self.workdir / ('zk%d' % sid)) for sid in range(1, size + 1)]
        self.logback = self.workdir / 'logback.xml'

    @property
    def connect_string(self):
        return ','.join('127.0.0.1:%d' % s.client_port for s in self.servers)

    def _write_config(self, server):
        server.dir.mkdir(parents=True, exist_ok=True)
        (server.dir / 'myid').write_text('%d\n' % server.sid)
        lines = ['tickTime=%d' % TICK_MS, 'initLimit=20', 'syncLimit=10',
                 'dataDir=%s' % server.dir, 'clientPortAddress=127.0.0.1',
                 'clientPort=%d' % server.client_port, 'admin.enableServer=false',
                 '4lw.commands.whitelist=srvr,ruok,mntr', 'minSessionTimeout=%d' % (2 * TICK_MS),
                 'maxClientCnxns=200']
        if len(self.servers) > 1:
            lines += ['server.%d=127.0.0.1:%d:%d' % (s.sid, PEER_PORT_BASE + s.sid, ELECTION_PORT_BASE + s.sid)
                      for s in self.servers]
        config = server.dir / 'zoo.cfg'
        config.write_text('\n'.join(lines) + '\n')
        return config

    def start(self, timeout=60.0):
        """Start every server, then wait until each answers srvr as leader/follower (one leader)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.logback.write_text(LOGBACK_XML)
        classpath = zookeeper_classpath()
        for server in self.servers:
            ports = [server.client_port]
            if len(self.servers) > 1:
                ports += [PEER_PORT_BASE + server.sid, ELECTION_PORT_BASE + server.sid]
            for port in ports:
                wait_until(lambda p=port: not port_open(p), 15,
                           '127.0.0.1:%d to be free (a ZooKeeper server left running?)' % port)
        for server in self.servers:
            self.start_server(server, classpath)
        self.wait_healthy(timeout)
        return self

    def start_server(self, server, classpath=None):
        config = self._write_config(server)
        with open(server.log_path, 'ab') as log:
            server.proc = subprocess.Popen(
                [self.java, '-Xmx96m', '-XX:+UseSerialGC', '-Dlogback.configurationFile=%s' % self.logback,
                 '-Dzookeeper.jmx.log4j.disable=true', '-cp', classpath or zookeeper_classpath(),
                 'org.apache.zookeeper.server.quorum.QuorumPeerMain', str(config)],
                cwd=server.dir, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def modes(self):
        """{server id: mode or None}."""
        return {s.sid: (s.mode() if s.alive() else None) for s in self.servers}

    def wait_healthy(self, timeout=60.0, servers=None):
        """Until every running server (or those given) answers ruok/srvr and exactly one leads."""
        servers = servers or [s for s in self.servers if s.alive()]

        def healthy():
            for server in servers:
                if not server.alive():
                    raise StopWaiting('ZooKeeper server %d exited (%s); log:\n%s'
                                      % (server.sid, server.proc.returncode, server.log_tail()))
            modes = [s.mode() for s in servers]
            ok = all(m in ('leader', 'follower', 'standalone') for m in modes)
            ok = ok and all(four_letter_word(s.client_port, 'ruok') == 'imok' for s in servers)
            leaders = modes.count('leader') + modes.count('standalone')
            return modes if ok and leaders == 1 else False

        return wait_until(healthy, timeout, 'the ZooKeeper ensemble %s to serve with one leader'
                          % self.connect_string, interval=0.25)

    def leader(self):
        return next((s for s in self.servers if s.alive() and s.mode() in ('leader', 'standalone')), None)

    def kill(self, server, sig=signal.SIGKILL):
        """Stop one server by PID (SIGKILL: a crash)."""
        stop_process(server.proc, sig, timeout=10)

    def stop(self):
        for server in self.servers:
            if server.proc is not None:
                stop_process(server.proc, signal.SIGTERM, timeout=10)


if __name__ == '__main__':  # a quick manual check: start, print modes, kill the leader, stop
    import sys
    import tempfile
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory(prefix='natflow-zk-') as tmp:
        ensemble = ZooKeeperEnsemble(tmp)
        started = time.monotonic()
        try:
            print('started', ensemble.start(), 'in %.1f s' % (time.monotonic() - started))
            leader = ensemble.leader()
            ensemble.kill(leader)
            started = time.monotonic()
            print('leader %d killed; now' % leader.sid, ensemble.wait_healthy(30),
                  'after %.1f s' % (time.monotonic() - started))
        finally:
            ensemble.stop()
