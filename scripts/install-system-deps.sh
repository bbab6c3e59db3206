#!/usr/bin/env bash
# Installs the Debian tools the system tier uses (DESIGN.md §4). Safe to run
# twice; does nothing for a package already present. Needs root.
set -euo pipefail
# etcd-server and etcd-client: the etcd-compat tests drive etcdctl against raftkv and against a real etcd as the control.
# chromium: the dashboard picture test photographs the dashboard drawn from a real Prometheus.
packages=(iproute2 iptables dnsmasq prometheus unzip etcd-server etcd-client openssl chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system tier packages present: ${packages[*]}"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: cannot install ${missing[*]}; system tests that need them will say so and skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
