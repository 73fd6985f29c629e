"""Several natflow instances on one ZooKeeper ensemble (README "High availability"): their
configs (natflow.yml with distinct ports and a cluster: section, written the one way scripts
write configs: scripts/lib/natflow_config.py), the processes, and their /api/cluster views.

Instance i (from 0) listens on OpenFlow 6653 + i, REST 8090 + i, admin 8095 + i; its id is
nat-a, nat-b, ... The single-instance tests use 6653/8080/8081; the tests run one at a time."""

import importlib.util
import json
import os
import signal

import yaml

from e2e.config import DEFAULT_CONFIG, REPO_ROOT, ControllerPorts
from e2e.controller import ControllerProcess
from e2e.rest import http_get, http_get_json
from e2e.waiting import wait_until

SESSION_TIMEOUT_S = 1.5
INSTANCE_IDS = ('nat-a', 'nat-b', 'nat-c')


def _natflow_config():
    spec = importlib.util.spec_from_file_location('natflow_config', REPO_ROOT / 'scripts/lib/natflow_config.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instance_ports(index):
    return ControllerPorts(6653 + index, 8090 + index, 8095 + index)


def write_instance_config(out, index, connect_string, routers, base=DEFAULT_CONFIG):
    """natflow.yml for instance `index` of the cluster, with `routers` (a list of router dicts)."""
    ports = instance_ports(index)
    cluster = {
        'connectString': connect_string,
        'sessionTimeout': '%dms' % (SESSION_TIMEOUT_S * 1000),
        'connectionTimeout': '%dms' % (SESSION_TIMEOUT_S * 1000),
        'instanceId': INSTANCE_IDS[index],
        'restUrl': ports.rest_url,
        'root': '/natflow',
        'spreadDelay': '2s',
    }
    with open(base) as stream:
        base_config = yaml.safe_load(stream)
    config = _natflow_config().generate(base_config, routers, ports.openflow, ports.rest, ports.admin,
                                        out, [], cluster)
    config = json.loads(json.dumps(config))     # no shared sub-documents: YAML aliases do not reach Dropwizard
    with open(out, 'w') as stream:
        stream.write('# natflow instance %s of the HA tests (mininet/e2e/cluster.py)\n' % INSTANCE_IDS[index])
        yaml.safe_dump(config, stream, sort_keys=False, default_flow_style=None, width=120)
    return out


def default_routers(base=DEFAULT_CONFIG):
    with open(base) as stream:
        return yaml.safe_load(stream)['routers']


class ClusterInstance(ControllerProcess):
    """One natflow instance: a ControllerProcess with an id and its /api/cluster view."""

    def __init__(self, jar, config, workdir, instance_id, java='java'):
        super().__init__(jar, config, workdir, java)
        self.instance_id = instance_id

    def cluster(self, timeout=2.0):
        """GET /api/cluster: {"self", "zookeeper", "instances": [...], "switches": [...]}."""
        return http_get_json(self.rest_url + '/api/cluster', timeout)

    def switch_view(self, dpid):
        """This instance's entry for dpid in /api/cluster (master, generation, localRole), or None."""
        return next((s for s in self.cluster()['switches'] if s['datapathId'] == dpid), None)

    def pause(self):
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)

    def kill(self):
        """kill -9 by PID: a crash, nothing cleaned up."""
        self.stop(signal.SIGKILL, timeout=10)

    def prometheus(self):
        """The admin port's /prometheus text as {metric line name: value} (no labels parsed)."""
        status, body = http_get(self.admin_url + '/prometheus')
        assert status == 200, 'GET %s/prometheus -> %d' % (self.admin_url, status)
        values = {}
        for line in body.splitlines():
            if line and not line.startswith('#'):
                name, _, value = line.rpartition(' ')
                try:
                    values[name] = float(value)
                except ValueError:
                    pass
        return values


class Cluster:
    """N instances (configs written into their work dirs), started side by side, stopped by PID."""

    def __init__(self, jar, workdir, connect_string, routers, size=3, java='java'):
        self.instances = []
        for index in range(size):
            home = workdir / INSTANCE_IDS[index]
            home.mkdir(parents=True, exist_ok=True)
            config = write_instance_config(home / 'natflow-generated.yml', index, connect_string, routers)
            self.instances.append(ClusterInstance(jar, config, home, INSTANCE_IDS[index], java))

    @property
    def openflow_ports(self):
        return [i.openflow_port for i in self.instances]

    def start(self, timeout=90.0):
        for instance in self.instances:
            instance.launch()
        for instance in self.instances:
            instance.wait_ready(timeout)
        return self

    def stop(self):
        for instance in self.instances:
            if instance.pid and not instance.alive():
                continue
            try:
                instance.resume()           # a paused JVM cannot act on SIGTERM
            except (ProcessLookupError, TypeError):
                pass
            instance.stop()

    def alive(self):
        return [i for i in self.instances if i.alive()]

    def by_id(self, instance_id):
        return next(i for i in self.instances if i.instance_id == instance_id)

    def masters(self, dpids, via=None):
        """{dpid: master id or None} as one live instance (or `via`) reports it."""
        view = (via or self.alive()[0]).cluster()
        found = {s['datapathId']: s.get('master') for s in view['switches']}
        return {dpid: found.get(dpid) for dpid in dpids}

    def agreed_masters(self, dpids):
        """{dpid: master id} when every live, answering instance reports the same live master
        for every dpid and that master says its localRole is MASTER; else None."""
        live = self.alive()
        views = [i.cluster() for i in live]
        result = {}
        for dpid in dpids:
            masters = {next((s.get('master') for s in v['switches'] if s['datapathId'] == dpid), None)
                       for v in views}
            if len(masters) != 1:
                return None
            master = masters.pop()
            if master not in {i.instance_id for i in live}:
                return None
            own = next(s for s in self.by_id(master).cluster()['switches'] if s['datapathId'] == dpid)
            if own.get('localRole') != 'MASTER':
                return None
            result[dpid] = master
        return result

    def wait_masters(self, dpids, timeout, what='every switch to have one master all instances agree on'):
        return wait_until(lambda: self.agreed_masters(dpids), timeout, what, interval=0.1)

    def log_sections(self):
        return [('natflow %s log (pid %s, %s)' % (i.instance_id, i.pid, 'running' if i.alive() else 'exited'),
                 i.log_tail(150)) for i in self.instances]
