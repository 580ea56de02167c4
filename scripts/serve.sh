#!/usr/bin/env bash
# Runs the demo: the web server and the Huey task worker side by side, both
# stopped together on Ctrl-C.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
py=.venv/bin/python

$py manage.py run_huey --workers 2 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

echo
echo "OneWindow is running at http://$host:$port/  (admin: http://$host:$port/admin/)"
$py manage.py demo --logins
echo
$py manage.py runserver --noreload "$host:$port"
