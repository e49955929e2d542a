#!/usr/bin/env bash
# Debian packages, by purpose. Idempotent: when every package is already installed it only
# asks dpkg and exits, without apt-get update.
#   install-system-deps.sh build   what `publisher build` needs:
#     libpango-1.0-0, libpangoft2-1.0-0   WeasyPrint's text layout libraries
#     libharfbuzz-subset0                 WeasyPrint's font subsetter (else slower fontTools)
#   install-system-deps.sh test    the above, and what the tests, validators and benchmarks need:
#     chromium              headless browser for DAISY Ace, axe-core checks and screenshots
#     poppler-utils         pdftotext/pdftoppm to read and look at PDFs
#     ffmpeg, lame          reference encoders the audio benchmarks compare against
#     espeak-ng             the command-line voice the speech benchmarks compare against
#     pandoc                the document converter the benchmarks compare against
#     sox                   measures and converts sound in the audio checks
#     default-jre-headless  Java for EPUBCheck, only when no java is on PATH
set -euo pipefail

purpose=${1:-test}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
case "$purpose" in
    build) ;;
    test)
        packages+=(chromium poppler-utils ffmpeg lame espeak-ng pandoc sox)
        if ! command -v java >/dev/null 2>&1; then
            packages+=(default-jre-headless)
        fi
        ;;
    *)
        echo "install-system-deps: give 'build' or 'test', not '$purpose'" >&2
        exit 2
        ;;
esac

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
