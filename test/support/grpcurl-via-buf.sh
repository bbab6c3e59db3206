#!/usr/bin/env bash
# Runs a grpcurl command line through `buf curl`, for the docs test only:
# no grpcurl binary is packaged for the build machine, and buf curl speaks
# the same server reflection and prints the same protojson. Handles the
# forms our docs use: grpcurl -plaintext [-d JSON] HOST:PORT (list | SERVICE/METHOD).
set -euo pipefail
data=()
while [ $# -gt 0 ]; do
  case "$1" in
    -plaintext) shift ;;
    -d) data=(-d "$2"); shift 2 ;;
    -*) echo "grpcurl-via-buf: unsupported flag $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
address="$1"; shift
target="${1:-list}"
base=(curl --protocol grpc --http2-prior-knowledge)
if [ "$target" = list ]; then
  exec buf "${base[@]}" --list-services "http://$address"
fi
exec buf "${base[@]}" "${data[@]}" "http://$address/$target"
