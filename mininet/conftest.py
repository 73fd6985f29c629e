"""pytest fixtures for the natflow end-to-end tests (Mininet + Open vSwitch + the jar).

Environment:
  NATFLOW_JAR     the controller jar (default: <repo>/rest-api/target/natflow.jar)
  NATFLOW_CONFIG  the config to copy for the test run (default: <repo>/natflow.yml)
  JAVA            the java binary (default: java on PATH)
  NATFLOW_E2E_REQUIRED=1 (or CI=true)  fail instead of skip when not root

Fixtures (module scope: each test module gets a fresh controller and network):
  controller  a ControllerProcess: the jar started as a subprocess with its own copy of
              the config and its own log file in a temp dir, REST polled until it answers;
              stopped by PID at teardown.
  network     the topology from topo.py, started against the controller, switch
              connected (polled via OVS); net.stop() + del-br s1 at teardown.
  topology_extras
              optional additions to the topology (topo.EXTRAS: a routed LAN, a second WAN
              next hop, a second NAT switch); () unless a module overrides it.
  controller_config
              the config the module's controller starts with (default: NATFLOW_CONFIG
              or natflow.yml). A module that needs other knobs overrides it:

                  @pytest.fixture(scope='module')
                  def controller_config():
                      return config.config_file('nat-reject.yml')   # mininet/configs/

  nat         the network once the NAT pipeline is in s1 and the gateway is resolved.
  host_procs  background processes in Mininet hosts (servers, tcpdump): started with
              logs in a temp dir, stopped by PID before the network goes down.
  reported_controllers
              for modules that start controllers themselves: their logs in failure reports.

On a test failure the controller log and the switch state are attached to the report.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

try:
    import mininet.net  # noqa: F401
except ImportError as error:  # pragma: no cover - environment problem, say so loudly
    raise ImportError(
        'the mininet Python module is not importable by %s (%s). Run the end-to-end '
        'tests with the system Python: /usr/bin/python3 -m pytest -v mininet/ '
        '(Debian package "mininet"; ./setup.sh installs it)' % (sys.executable, error)
    ) from error

import topo  # noqa: E402
from e2e import config, ovs, waiting  # noqa: E402
from e2e.controller import ControllerProcess  # noqa: E402
from e2e.hosts import HostProcesses  # noqa: E402

_ACTIVE_CONTROLLERS = []
_ACTIVE_HOST_PROCS = []


def pytest_configure(config):
    # Mininet 2.3 still uses distutils' StrictVersion; not our problem, keep the report clean.
    config.addinivalue_line('filterwarnings',
                            'ignore:distutils Version classes are deprecated:DeprecationWarning')


def _required():
    return os.environ.get('NATFLOW_E2E_REQUIRED') == '1' or \
        os.environ.get('CI', '').lower() in ('1', 'true', 'yes')


@pytest.fixture(scope='session', autouse=True)
def e2e_preconditions():
    """Root and a running Open vSwitch are needed; say exactly what is missing."""
    if os.geteuid() != 0:
        message = ('Mininet end-to-end tests need root (run: sudo /usr/bin/python3 -m '
                   'pytest -v mininet/ or ./test.sh as root)')
        if _required():
            pytest.fail(message + ' -- failing because CI/NATFLOW_E2E_REQUIRED is set',
                        pytrace=False)
        pytest.skip(message)
    out = ovs.run(['ovs-vsctl', '--timeout=5', 'show'], check=False)
    if 'ovs_version' not in out:
        pytest.fail('Open vSwitch is not running (ovs-vsctl show: %s). Run ./setup.sh '
                    'or /usr/share/openvswitch/scripts/ovs-ctl --system-id=random start'
                    % out.strip(), pytrace=False)


@contextlib.contextmanager
def _reported(controllers):
    _ACTIVE_CONTROLLERS.extend(controllers)
    try:
        yield controllers
    finally:
        for ctl in controllers:
            _ACTIVE_CONTROLLERS.remove(ctl)


@pytest.fixture(scope='session')
def reported_controllers():
    """A context manager: `with reported_controllers([ctl, ...]):` a failing test's report shows
    these controllers' logs too (for modules that start their own, e.g. test_ha_failover.py)."""
    return _reported


@pytest.fixture(scope='session')
def natflow_jar():
    jar = Path(os.environ.get('NATFLOW_JAR') or config.REPO_ROOT / 'rest-api/target/natflow.jar')
    if not jar.is_file():
        pytest.fail('controller jar %s not found: build it with "mvn -B -q package '
                    '-DskipTests" at the repo root, or set NATFLOW_JAR' % jar, pytrace=False)
    return jar


@pytest.fixture(scope='module')
def cli(natflow_jar):
    """cli(*args) -> (exit code, stdout, stderr) of ./natflow against the test controller."""
    env = dict(os.environ, NATFLOW_JAR=str(natflow_jar), NATFLOW_URL=config.REST_URL)
    env.pop('NATFLOW_TOKEN', None)
    launcher = str(config.REPO_ROOT / 'natflow')

    def run(*args):
        proc = subprocess.run([launcher] + [str(a) for a in args], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        return proc.returncode, proc.stdout, proc.stderr
    return run


@pytest.fixture(scope='session')
def natflow_config():
    path = Path(os.environ.get('NATFLOW_CONFIG') or config.DEFAULT_CONFIG)
    if not path.is_file():
        pytest.fail('controller config %s not found (set NATFLOW_CONFIG)' % path,
                    pytrace=False)
    return path


@pytest.fixture(scope='module')
def controller_config(natflow_config):
    """The controller's config for this module; override in a module for other knobs."""
    return natflow_config


@pytest.fixture(scope='module')
def controller(natflow_jar, controller_config, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('natflow-controller')
    ctl = ControllerProcess(natflow_jar, controller_config, workdir,
                                java=os.environ.get('JAVA', 'java'))
    _ACTIVE_CONTROLLERS.append(ctl)
    try:
        ctl.start()
        yield ctl
    finally:
        ctl.stop()
        _ACTIVE_CONTROLLERS.remove(ctl)
        print('\n[natflow] controller log: %s' % ctl.log_path)


@pytest.fixture(scope='module')
def topology_extras():
    """Optional additions to the topology (topo.EXTRAS); override in a module to add some."""
    return ()


@pytest.fixture(scope='module')
def network(controller, topology_extras):
    net = topo.start_network('127.0.0.1', controller.openflow_port, connect_timeout=30,
                             extras=topology_extras)
    try:
        yield net
    finally:
        topo.stop_network(net)


@pytest.fixture(scope='module')
def nat(controller, network):
    """The network, once s1 is listed, the NAT pipeline installed and the gateway resolved."""
    waiting.wait_until(lambda: controller.switch(topo.DPID), 30, 's1 listed over REST')
    waiting.wait_until(lambda: ovs.nat_ready(topo.SWITCH_NAME), 30,
                   'the NAT pipeline in s1 and the default route to the gateway in table 3')
    return network


@pytest.fixture(scope='module')
def host_procs(network, tmp_path_factory):
    procs = HostProcesses(tmp_path_factory.mktemp('host-procs'))
    _ACTIVE_HOST_PROCS.append(procs)
    try:
        yield procs
    finally:
        procs.stop_all()
        _ACTIVE_HOST_PROCS.remove(procs)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for ctl in _ACTIVE_CONTROLLERS:
            state = 'running' if ctl.alive() else 'exited with %s' % (
                ctl.proc.returncode if ctl.proc else 'never started')
            report.sections.append((
                'natflow controller log (pid %s, %s, %s)' % (ctl.pid, state, ctl.log_path),
                ctl.log_tail(300)))
        report.sections.append(('Open vSwitch state', ovs.diagnostics(topo.SWITCH_NAME)))
        for procs in _ACTIVE_HOST_PROCS:
            for proc in procs.started[-12:]:
                report.sections.append((
                    'host process %s: %s (pid %d, %s)' % (
                        proc.host.name, ' '.join(proc.args), proc.pid,
                        'running' if proc.alive() else 'exit %s' % proc.popen.returncode),
                    '\n'.join(proc.output().splitlines()[-40:])))
