#!/usr/bin/env bash
# Prepare a Debian 12 machine for natflow: install the packages (the one list, used by
# run.sh's README line, test.sh's README line and .ci/run) and start Open vSwitch with
# the userspace datapath in mind (no kernel module needed). Idempotent; run as root.
#
#   ./setup.sh              install missing packages, start OVS if it is not running
#   ./setup.sh --check      only report what is missing (exit 1 if anything is)
set -euo pipefail

PACKAGES=(
  # build
  openjdk-17-jdk-headless maven
  # switch + emulation
  openvswitch-switch mininet iproute2 ethtool procps
  # tests and demo traffic
  python3-pytest python3-scapy python3-yaml curl jq netcat-openbsd iputils-ping traceroute tcpdump iperf3 rsync
  # NAT-PMP client for mininet/test_natpmp.py
  natpmpc
  # side-by-side benchmark (mininet/bench.sh): iptables lane, C load tool, ovs-vswitchd profile
  iptables gcc libc6-dev linux-perf binutils
  # the web page's end-to-end test (mininet/test_web_ui.py): headless Chromium driven by Selenium
  chromium chromium-driver python3-selenium
)
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$pkg"
  done
}

ovs_running() { ovs-vsctl --timeout=5 show >/dev/null 2>&1; }

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

mapfile -t missing < <(missing_packages)
if $check_only; then
  if ((${#missing[@]})); then log "missing packages: ${missing[*]}"; fi
  if command -v ovs-vsctl >/dev/null && ovs_running; then log "Open vSwitch: running"; else log "Open vSwitch: NOT running"; fi
  ((${#missing[@]} == 0)) && command -v ovs-vsctl >/dev/null && ovs_running
  exit $?
fi

[[ $(id -u) -eq 0 ]] || die "run as root (e.g. sudo ./setup.sh)"
[[ -r /etc/debian_version ]] || log "warning: not a Debian system; package names assume Debian 12"

if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "all ${#PACKAGES[@]} packages already installed"
fi

# Open vSwitch: ovs-ctl "start" is a no-op for daemons already running; without the
# kernel module it skips modprobe and the userspace (netdev) datapath still works.
if ovs_running; then
  log "Open vSwitch already running ($(ovs-vsctl --version | head -n1))"
else
  log "starting Open vSwitch"
  "$OVS_CTL" --system-id=random start
  for _ in $(seq 1 50); do ovs_running && break; sleep 0.2; done
  ovs_running || die "Open vSwitch did not start: see /var/log/openvswitch/*.log"
  log "Open vSwitch started ($(ovs-vsctl --version | head -n1))"
fi

/usr/bin/python3 -c 'import mininet.net' 2>/dev/null \
  || die "/usr/bin/python3 cannot import mininet (package 'mininet' installed?)"
java -version 2>&1 | grep -q 'version "17' \
  || log "warning: default java is not 17: $(java -version 2>&1 | head -n1) (update-alternatives --config java)"
log "ready"
