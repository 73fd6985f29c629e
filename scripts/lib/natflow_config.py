#!/usr/bin/python3
"""The one way scripts make a natflow controller config, and read its ports.

  natflow_config.py ports CONFIG
      prints "OPENFLOW_PORT REST_PORT ADMIN_PORT" of CONFIG
  natflow_config.py generate --routers ROUTERS.yml --openflow-port P --rest-port R --admin-port A
                             --out OUT [--base natflow.yml] [--router-extra "key: value"]...
                             [--cluster "{connectString: ..., instanceId: nat-a, ...}"]
      writes OUT: the base config (natflow.yml) with those ports, quiet logs (WARN, io.natflow
      INFO, no mapping log), the forward store next to OUT, and the routers of ROUTERS.yml (a
      YAML list of routers, or a document with "routers:") in place of the base's; with
      --cluster, that cluster: section (one instance of several, see README "Several controllers (HA)").
  natflow_config.py bench-rules N
      prints "rules: [...]" (one line, for --router-extra): N rules for the switch emulator's
      routers (bench/run.sh --rules N), N - 1 that its traffic (TCP 80/443, UDP 53/443 from
      10.0.16.0/20 to 198.51.100.0/24) passes over, then masquerade of the LAN.

Needs the system python's yaml module (Debian python3-yaml)."""

import argparse
import copy
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
QUIET_LOGGING = {'level': 'WARN', 'loggers': {'io.natflow': 'INFO', 'io.natflow.mappings': 'OFF'}}


def ports(config):
    server = config['server']
    return (int(config['openflow']['port']), int(server['applicationConnectors'][0]['port']),
            int(server['adminConnectors'][0]['port']))


def routers_of(path):
    with open(path) as stream:
        doc = yaml.safe_load(stream)
    routers = doc.get('routers') if isinstance(doc, dict) else doc
    if not isinstance(routers, list) or not routers:
        raise SystemExit('%s: no routers (a YAML list, or a document with routers:)' % path)
    return routers


def generate(base, routers, openflow_port, rest_port, admin_port, out, router_extra, cluster=None):
    config = dict(base)
    config['openflow'] = dict(base['openflow'], port=openflow_port)
    config['server'] = {
        'applicationConnectors': [dict(base['server']['applicationConnectors'][0], port=rest_port)],
        'adminConnectors': [dict(base['server']['adminConnectors'][0], port=admin_port)],
    }
    config['logging'] = QUIET_LOGGING
    config['forwardStore'] = {'file': str(Path(out).resolve().parent / 'forwards.json')}
    for extra in router_extra:
        key, value = next(iter(yaml.safe_load(extra).items()))
        routers = [dict(r, **{key: copy.deepcopy(value)}) for r in routers]  # no YAML aliases: Dropwizard reads none
    config['routers'] = routers
    if cluster:
        config['cluster'] = dict(cluster)
    return config


def bench_rules(n):
    """N - 1 rules none of the emulator's packets match, of the kinds a real list holds (skip and
    drop on other destinations, static NATs of other hosts, rules on ports and protocols the
    traffic does not use, inbound rules), then the masquerade rule that takes them all: the
    decision walks the whole list for every new session."""
    if n < 1 or n > 1000:
        raise SystemExit('bench-rules: N must be 1-1000, got %d' % n)
    kinds = [
        lambda k: {'kind': 'skip', 'destination': '192.0.2.%d' % (k % 250 + 1), 'reverse': True},
        lambda k: {'kind': 'static', 'privateAddress': '10.0.%d.%d' % (1 + k // 250, k % 250 + 1),
                   'publicAddress': '100.64.%d.%d' % (k // 250, k % 250 + 1)},
        lambda k: {'kind': 'drop', 'protocol': 'udp', 'destinationPorts': '%d-%d' % (1000 + k * 10, 1009 + k * 10)},
        lambda k: {'kind': 'skip', 'protocol': 'tcp', 'destination': '198.51.100.0/24',
                   'destinationPorts': str(8000 + k)},
        lambda k: {'kind': 'drop', 'destination': '203.0.113.%d' % (k % 250 + 1)},
        lambda k: {'kind': 'skip', 'source': '10.0.%d.%d/32' % (8 + k // 250, k % 250 + 1)},
        lambda k: {'kind': 'drop', 'protocol': 'icmp', 'destination': '198.51.100.%d' % (k % 250 + 1)},
        lambda k: {'kind': 'drop', 'direction': 'inbound', 'source': '192.0.2.%d' % (k % 250 + 1)},
    ]
    rules = [dict(kinds[i % len(kinds)](i // len(kinds)), number=(i + 1) * 10) for i in range(n - 1)]
    rules.append({'number': n * 10, 'kind': 'masquerade', 'source': '10.0.0.0/16'})
    return rules


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest='command', required=True)
    show = commands.add_parser('ports', help='print the OpenFlow, REST and admin ports of a config')
    show.add_argument('config')
    gen = commands.add_parser('generate', help='write a config from natflow.yml with other ports and routers')
    gen.add_argument('--base', default=str(REPO_ROOT / 'natflow.yml'))
    gen.add_argument('--routers', required=True)
    gen.add_argument('--openflow-port', type=int, required=True)
    gen.add_argument('--rest-port', type=int, required=True)
    gen.add_argument('--admin-port', type=int, required=True)
    gen.add_argument('--router-extra', action='append', default=[],
                     help='one more "key: value" for every router (repeatable)')
    gen.add_argument('--cluster', type=yaml.safe_load, default=None,
                     help='the cluster: section as a YAML mapping (absent: a single instance)')
    gen.add_argument('--out', required=True)
    bench = commands.add_parser('bench-rules', help='print N rules for the switch emulator routers')
    bench.add_argument('n', type=int)
    args = parser.parse_args(argv)
    if args.command == 'bench-rules':
        print(yaml.safe_dump({'rules': bench_rules(args.n)}, default_flow_style=True, width=1 << 30).strip())
        return 0
    if args.command == 'ports':
        with open(args.config) as stream:
            print('%d %d %d' % ports(yaml.safe_load(stream)))
        return 0
    with open(args.base) as stream:
        base = yaml.safe_load(stream)
    config = generate(base, routers_of(args.routers), args.openflow_port, args.rest_port, args.admin_port,
                      args.out, [e for e in args.router_extra if e.strip()], args.cluster)
    with open(args.out, 'w') as stream:
        stream.write('# Generated by scripts/lib/natflow_config.py generate from %s and %s\n' % (args.base, args.routers))
        yaml.safe_dump(config, stream, sort_keys=False, default_flow_style=None, width=120)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
