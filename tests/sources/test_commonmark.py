"""The CommonMark specification's examples: each gives the spec's structure or is refused by name.

Every example runs in process through the reader and the HTML edition (see
:mod:`tests.sources.commonmark` for how, and for the normalisation of both sides); a few run as
``publisher build`` in a subprocess, the command line's path. An accepted example must give the
spec's element tree; a refused one must be refused with its line and the name of a construct
the README lists; raw HTML, refused by policy, must be refused. None may differ silently.
Print the counts per section with ``python -m tests.sources.commonmark``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.sources.refusals import REFUSED
from tests.sources.commonmark import FRONT, Example, examples, normalize, run, uses_raw_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = examples()
CHECKS = (
    "the document is empty",
    "has no alt text",
    "has no text: write what it leads to",
    "leads to no heading",
    "addresses are not allowed",
)
"""The reader's checks that refuse a spec example for what it says, not for its construct."""


def _names_a_refusal(message: str) -> bool:
    return any(r.name in message for r in REFUSED.values()) or any(c in message for c in CHECKS)


def test_the_spec_is_version_0_31_2_with_its_652_examples() -> None:
    head = (Path(__file__).parent / "fixtures" / "commonmark" / "spec.txt").read_text()[:200]
    assert "version: '0.31.2'" in head
    assert len(EXAMPLES) == 652


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.number}")
def test_an_example_gives_the_spec_structure_or_is_refused_by_name(example: Example) -> None:
    outcome = run(example.markdown)
    if outcome.html is None:
        assert outcome.message is not None
        assert _names_a_refusal(outcome.message), outcome.message
        assert outcome.line is not None or "empty" in outcome.message, outcome.message
        return
    assert not uses_raw_html(example.markdown), "raw HTML was accepted"
    assert normalize(outcome.html) == normalize(example.html), example.markdown


def _build(tmp_path: Path, markdown: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "src" / "nota"
    folder.mkdir(parents=True)
    (folder / "release.yaml").write_text("original: en\n", encoding="utf-8")
    (folder / "en.md").write_text(FRONT + markdown, encoding="utf-8")
    command = [sys.executable, "-m", "publisher", "build", str(folder)]
    command += ["-o", str(tmp_path / "dist"), "--formats", "html", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("number", [42, 265, 302, 328, 481, 595])
def test_the_command_line_writes_what_the_reader_gives(tmp_path: Path, number: int) -> None:
    example = EXAMPLES[number - 1]
    done = _build(tmp_path, example.markdown)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "dist" / "nota" / "nota.en.html").read_text(encoding="utf-8")
    content = page[page.index("</header>") + len("</header>") : page.rindex("</article>")]
    expected = run(example.markdown).html
    assert expected is not None
    assert normalize(content.replace(' src="images/', ' src="')) == normalize(expected)


@pytest.mark.parametrize(
    ("number", "construct"),
    [(43, "a thematic break"), (107, "an indented code block"), (148, "raw HTML")],
)
def test_the_command_line_refuses_with_exit_2_file_line_and_construct(
    tmp_path: Path, number: int, construct: str
) -> None:
    example = EXAMPLES[number - 1]
    done = _build(tmp_path, example.markdown)
    assert done.returncode == 2
    assert f"en.md:{FRONT.count(chr(10)) + 1}: {construct} (" in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("ours", "spec"),
    [
        ("<p>a <em>b</em></p>", "<p>a b</p>"),
        ('<p><a href="u">x</a></p>', '<p><a href="u" title="t">x</a></p>'),
        ("<ul><li><p>x</p></li></ul>", "<ul><li>x</li></ul>"),
        ('<ol start="3"><li>x</li></ol>', "<ol><li>x</li></ol>"),
        ('<p><img src="a" alt="x"/></p>', '<p><img src="a" alt="x y"/></p>'),
        ("<p>a</p>", "<p>a</p><p>b</p>"),
        ('<p><span class="c">a</span></p>', "<p>a</p>"),
    ],
)
def test_the_normalisation_keeps_every_difference_of_structure(ours: str, spec: str) -> None:
    assert normalize(ours) != normalize(spec)


@pytest.mark.parametrize(
    ("ours", "spec"),
    [
        ('<p id="b1">a\nb</p>\n', "<p>a b</p>"),
        ('<ul id="b1">\n<li><span id="b1.1.1">x</span></li>\n</ul>', "<ul>\n<li>x</li>\n</ul>"),
        ('<figure id="b1"><img src="a" alt="x"/></figure>', '<p><img alt="x" src="a" /></p>'),
        ("<p>a<br/>b</p>", "<p>a<br />\nb</p>"),
        ("<p>&quot;</p>", '<p>"</p>'),
        ("<p>x</p>", "<!-- c -->\n<p>x</p>"),
    ],
)
def test_the_normalisation_forgets_what_a_browser_does_not_show(ours: str, spec: str) -> None:
    assert normalize(ours) == normalize(spec)
