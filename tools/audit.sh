#!/usr/bin/env bash
# make check: audit the built site with the tools the web's best teams use, served over HTTP
# under a sub-path (/repo/). Installs what it needs, then prints a table of the figures
# (tools/audit_site.py) and exits non-zero if any figure misses the bar.
#   usage: bash tools/audit.sh [output-folder]     (AUDIT_LIGHTHOUSE=0 skips Lighthouse)
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:-output}"
[ -f "$site/index.html" ] || { echo "audit: no built site in $site/: run make html first" >&2; exit 2; }

# System packages: Debian's Chromium (axe, Lighthouse) and a Java runtime (Nu HTML Checker).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "audit: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages (lighthouse, axe-core, vnu-jar), exact versions from tools/package-lock.json,
# into the git-ignored .check/. --ignore-scripts: vnu-jar's install script would download a
# Java runtime; the system one is used instead.
mkdir -p .check
if ! cmp -s tools/package-lock.json .check/package-lock.json || [ ! -d .check/node_modules ]; then
  cp tools/package.json tools/package-lock.json .check/
  npm ci --prefix .check --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi

python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python
lighthouse=()
[ "${AUDIT_LIGHTHOUSE:-1}" = 0 ] && lighthouse=(--no-lighthouse)
exec "$python" tools/audit_site.py "$site" --node-modules .check/node_modules "${lighthouse[@]}"
