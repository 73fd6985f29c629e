"""Paths and the controller's ports. The ports are read from the controller config (the
repository's natflow.yml by default), never written down here a second time."""

from dataclasses import dataclass
from pathlib import Path

import yaml

MININET_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = MININET_DIR.parent
DEFAULT_CONFIG = REPO_ROOT / 'natflow.yml'
CONFIG_DIR = MININET_DIR / 'configs'


@dataclass(frozen=True)
class ControllerPorts:
    """Where a controller started with a given config listens (all on 127.0.0.1)."""
    openflow: int
    rest: int
    admin: int

    @property
    def rest_url(self):
        return 'http://127.0.0.1:%d' % self.rest

    @property
    def admin_url(self):
        return 'http://127.0.0.1:%d' % self.admin


def ports_of(config_path):
    """The OpenFlow, REST and admin ports a natflow config sets."""
    with open(config_path) as stream:
        doc = yaml.safe_load(stream)
    try:
        server = doc['server']
        return ControllerPorts(int(doc['openflow']['port']),
                               int(server['applicationConnectors'][0]['port']),
                               int(server['adminConnectors'][0]['port']))
    except (KeyError, IndexError, TypeError) as error:
        raise ValueError('%s: no openflow.port / server connector ports (%s)' % (config_path, error)) from error


def config_file(name):
    """A test configuration in mininet/configs/ (copies of natflow.yml with other knobs)."""
    path = CONFIG_DIR / name
    if not path.is_file():
        raise FileNotFoundError('test config %s not found' % path)
    if ports_of(path) != DEFAULT_PORTS:
        raise ValueError('%s listens on %s, the tests expect %s (natflow.yml)' % (path, ports_of(path), DEFAULT_PORTS))
    return path


DEFAULT_PORTS = ports_of(DEFAULT_CONFIG)
OPENFLOW_PORT = DEFAULT_PORTS.openflow
REST_URL = DEFAULT_PORTS.rest_url
ADMIN_URL = DEFAULT_PORTS.admin_url
