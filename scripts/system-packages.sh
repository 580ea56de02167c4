#!/usr/bin/env bash
# Installs the Debian packages OneWindow needs (CJK fonts for PDFs and pages,
# Pango for WeasyPrint, Chromium for browser tests, Node for front-end assets)
# when they are missing and we are root. Otherwise it only says what is missing.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in python3-venv fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 chromium poppler-utils; do
  have_pkg "$pkg" || need+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing system packages (install them as root): ${need[*]}" >&2
fi
