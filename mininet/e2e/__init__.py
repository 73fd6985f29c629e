"""Helpers for the natflow end-to-end tests, one concern per module:

  config      paths and the controller's ports, read from natflow.yml (REST_URL, ADMIN_URL, ...)
  pipeline    table numbers and cookies, read from nat-app's Tables.java
  waiting     bounded polling (wait_until, assert_never); no fixed sleeps anywhere
  rest        HTTP calls and the controller's REST/admin views (drops, event counters, mappings)
  flowdump    `ovs-ofctl dump-flows` parsed into Flow records
  ovs         Open vSwitch queries (flows of a bridge, NAT readiness, diagnostics)
  controller  the natflow jar as a subprocess, stopped by PID
  hosts       commands, tools (host_tools.py) and background processes in Mininet hosts
  zookeeper   a real ZooKeeper ensemble on loopback (the HA test), stopped by PID
  cluster     several natflow instances on it: configs with cluster: sections, /api/cluster

Addresses and names of the test network live in topo.py."""
