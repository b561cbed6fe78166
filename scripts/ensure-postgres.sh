#!/usr/bin/env bash
# Make sure PostgreSQL answers on 127.0.0.1:5432; start the local cluster if it does not.
set -euo pipefail
ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }
if ready; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not running and pg_ctlcluster is not available." >&2
  exit 1
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL did not start on 127.0.0.1:5432." >&2
exit 1
