"""The announcer's script: the edition as a presenter reads it live, in its spoken forms.

``<slug>.<lang>.script.txt`` is plain UTF-8 text: the title, then one paragraph per block, each in
the words the voice says (numbers, dates and ordinals spelled out, abbreviations expanded as
pronounced: "pe ce eme"), chapter titles as ``== title ==`` lines. A passage in another language
is marked with its language, ``[qu: Allin p'unchaw]``, so the presenter knows to switch.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from publisher.formats import FORMATS
from publisher.languages import primary
from publisher.speech.script import Script, Utterance

if TYPE_CHECKING:  # the build (and its encoders) is loaded only by a build
    from publisher.tasks.job import Job, Output


def _spoken(utterance: Utterance, lang: str) -> str:
    words = " ".join(utterance.spoken.split())
    if primary(utterance.lang) == primary(lang):
        return words
    return f"[{utterance.lang}: {words}]"


def announcer_text(script: Script) -> str:
    """``script`` as a presenter's reading copy: a paragraph per block, chapters between."""
    parts = [script.title, "=" * min(len(script.title), 72)]
    for _, group in groupby(script.utterances, key=lambda u: u.block_id):
        utterances = list(group)
        chapter = utterances[0].chapter
        if chapter is not None and chapter != script.title:
            parts.append(f"== {chapter} ==")
        paragraph = " ".join(_spoken(u, script.lang) for u in utterances if u.spoken.strip())
        if paragraph:
            parts.append(paragraph)
    return "\n\n".join(parts) + "\n"


def write_script(job: Job) -> list[Output]:
    """The edition's announcer's script, ``<stem>.script.txt``."""
    from publisher.tasks.job import Output

    (edition,) = job.editions
    descriptor = FORMATS["script"]
    name = f"{job.stem}{descriptor.suffix}"
    text = announcer_text(job.context.script(edition))
    job.staging.path(name).write_text(text, encoding="utf-8")
    return [Output(name, descriptor.name, descriptor.media_type, job.langs)]
