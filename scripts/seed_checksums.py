"""Build the releases in source/ with every buildable format and print each output's sha256.

With ``--compare FILE`` (an earlier run's output), list the files that differ and exit 1 if any
does: the check that a restructuring kept every output byte for byte. The build is dated by a
fixed SOURCE_DATE_EPOCH and uses the speech cache, which never changes what is written.

    python scripts/seed_checksums.py > /tmp/before.json
    ... move code ...
    python scripts/seed_checksums.py --compare /tmp/before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.formats import BUILDABLE  # noqa: E402 - after the checkout is on the path

FORMATS = ",".join(BUILDABLE)
EPOCH = "1700000000"


def checksums(sources: Path, formats: str) -> dict[str, str]:
    """sha256 of every file ``publisher build`` writes for ``sources``, by relative path."""
    with tempfile.TemporaryDirectory(prefix="seed-checksums-") as scratch:
        out = Path(scratch) / "dist"
        command = [sys.executable, "-m", "publisher", "build", str(sources), "-o", str(out)]
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        subprocess.run([*command, "--formats", formats, "-q"], check=True, env=env, cwd=ROOT)
        return {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")  # the build's own state, keyed by code
        }


def main() -> int:
    """Print the checksums, or compare them with an earlier run's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, metavar="FILE")
    parser.add_argument("--sources", type=Path, default=ROOT / "source")
    parser.add_argument("--formats", default=FORMATS)
    args = parser.parse_args()
    now = checksums(args.sources, args.formats)
    if args.compare is None:
        print(json.dumps(now, indent=1, sort_keys=True))
        return 0
    before = json.loads(args.compare.read_text())
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for name in changed:
        print(f"differs: {name}")
    print(f"{len(now) - len(changed)} of {len(now)} files byte-identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
