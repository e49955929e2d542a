"""The CommonMark specification's examples, run through the reader and the HTML edition.

Each example's Markdown becomes the body of an edition (front matter ``title``/``lang: en``
above it), read by :func:`publisher.sources.markdown.parse_body` and written by
:func:`publisher.web.edition.html_edition`, in process. Its outcome is either the content of
the edition's article (below its header) or the refusal the reader raises.

Link and image targets are checked by a stand-in for the release folder: the spec's addresses
(``/url``, ``foo.jpg``) name no file of a release, so a target without a scheme is accepted as
it is; targets with a scheme go through the real rule
(:func:`publisher.sources.paths.local_target`), which refuses the ones a release may not hold.
The path rules themselves are tested in ``test_paths.py`` and ``test_links.py``.

Normalisation (:func:`normalize`), applied to both the spec's HTML and ours before comparing:

- the element tree is compared, not the bytes: attribute order, quoting, ``<br />`` against
  ``<br/>`` and character references against the characters they stand for do not count;
- runs of ASCII whitespace in text count as one space, and whitespace at the start or end of a
  block element's content, between block elements, and next to ``<br>`` does not count (a
  browser does not show it); text inside ``<pre>`` is compared as it is;
- ``id``, ``lang`` and ``xml:lang`` attributes are dropped (every block of an edition has an id
  and the article has a language), and a ``<span>`` left without attributes is replaced by its
  content;
- a ``<figure>`` is compared as a ``<p>``: an image alone in a paragraph is a figure in a
  release;
- HTML comments are dropped from the spec's HTML: a release drops them (they are notes to the
  authors);
- the HTML edition keeps its images in ``images/`` beside the page, so that folder is taken off
  the start of our ``src`` addresses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from publisher.errors import SourceError
from publisher.model import Edition, Release
from publisher.sources.blocks import finish
from publisher.sources.invisible import InvisibleCharacter, clean_text
from publisher.sources.markdown import PARSER, MarkdownProblem, parse_body
from publisher.sources.paths import local_target
from publisher.web.edition import IMAGE_FOLDER, html_edition

SPEC = Path(__file__).parent / "fixtures" / "commonmark" / "spec.txt"
FENCE = "`" * 32
FRONT = "---\ntitle: Spec\nlang: en\n---\n"
FRONT_LINES = FRONT.count("\n")
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "meta", "source", "wbr"})
BLOCKS = frozenset(
    {"blockquote", "div", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p"}
    | {"pre", "table", "tbody", "td", "th", "thead", "tr", "ul"}
)
DROPPED = frozenset({"id", "lang", "xml:lang"})
SPACE = re.compile(r"[ \t\n\r\f]+")
COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Example:
    """One example of the spec: its number, its section, its Markdown and its HTML."""

    number: int
    section: str
    markdown: str
    html: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The edition's content (``html``), or the refusal (``message``, ``line`` in the example)."""

    html: str | None = None
    message: str | None = None
    line: int | None = None


def examples() -> list[Example]:
    """Every example of the spec, in order (a tab is written "→" in the spec)."""
    found: list[Example] = []
    section = ""
    lines = iter(SPEC.read_text(encoding="utf-8").splitlines(keepends=True))
    for line in lines:
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif line.startswith(f"{FENCE} example"):
            markdown, html = _example_body(lines)
            found.append(Example(len(found) + 1, section, markdown, html))
    return found


def _example_body(lines: Iterator[str]) -> tuple[str, str]:
    parts: list[list[str]] = [[]]
    for line in lines:
        if line.startswith(FENCE):
            break
        if line.rstrip("\n") == ".":
            parts.append([])
        else:
            parts[-1].append(line.replace("→", "\t"))
    markdown, html = ("".join(p) for p in parts)
    return markdown, html


def uses_raw_html(markdown: str) -> bool:
    """Whether the example holds raw HTML other than comments (a release refuses it)."""
    tokens = PARSER.parse(FRONT + markdown)
    inline = [c for t in tokens for c in (t.children or ())]
    return any(
        t.type in ("html_block", "html_inline") and not t.content.lstrip().startswith("<!--")
        for t in (*tokens, *inline)
    )


def _check_path(kind: str, target: str, line: int | None) -> Path | None:
    """The release folder's rule for targets with a scheme; others are accepted as they are."""
    if urlsplit(target).scheme or target.startswith("//"):
        root = Path("/nonexistent-release")
        kind_ = "image" if kind == "image" else "link"
        return local_target(root, root / "en.md", kind_, target, line)
    return None


def run(markdown: str) -> Outcome:
    """Read one example as an edition's body and write its HTML edition."""
    try:
        text = clean_text(FRONT + markdown)
        body = parse_body(text, "en", _check_path)
    except MarkdownProblem as problem:
        return _refused(problem.message, problem.line)
    except SourceError as error:
        return _refused(error.message, error.line)
    except InvisibleCharacter as problem:
        return _refused(problem.message, problem.line)
    if not body.blocks:
        return Outcome(message="the document is empty", line=1)
    edition = Edition("en", "Spec", finish(body.blocks, {}), Path("en.md"), is_original=True)
    release = Release("spec", Path("/"), {}, (edition,))
    page = html_edition(release, [edition])
    start = page.index("</header>") + len("</header>")
    end = page.rindex("</article>")
    return Outcome(html=page[start:end].replace(f' src="{IMAGE_FOLDER}', ' src="'))


def _refused(message: str, line: int | None) -> Outcome:
    return Outcome(message=message, line=None if line is None else line - FRONT_LINES)


# --- Normalisation ---------------------------------------------------------------------------


@dataclass(slots=True)
class Element:
    """An element: its tag, its attributes (sorted) and its children (texts and elements)."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    children: list[str | Element]

    def __str__(self) -> str:
        attrs = "".join(f' {k}="{v}"' for k, v in self.attrs)
        inner = "".join(str(c) if isinstance(c, Element) else repr(c) for c in self.children)
        return f"<{self.tag}{attrs}>{inner}</{self.tag}>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", (), [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, tuple(sorted((k, v or "") for k, v in attrs)), [])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def normalize(html: str) -> str:
    """The normalised element tree of an HTML fragment, as text (see the module's docstring)."""
    builder = _TreeBuilder()
    builder.feed(COMMENT.sub("", html))
    builder.close()
    root = _clean(builder.root)
    return "".join(str(c) if isinstance(c, Element) else repr(c) for c in root.children)


def _clean(element: Element) -> Element:
    tag = "p" if element.tag == "figure" else element.tag
    attrs = tuple((k, v) for k, v in element.attrs if k not in DROPPED)
    children: list[str | Element] = []
    for child in element.children:
        if isinstance(child, Element):
            inner = _clean(child)
            if inner.tag == "span" and not inner.attrs:
                children.extend(inner.children)
            else:
                children.append(inner)
        else:
            children.append(child)
    children = _merge_texts(children)
    if tag != "pre":
        children = _trim(children, block=tag in BLOCKS or tag == "root")
    return Element(tag, attrs, children)


def _merge_texts(children: list[str | Element]) -> list[str | Element]:
    merged: list[str | Element] = []
    for child in children:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        else:
            merged.append(child)
    return merged


def _trim(children: list[str | Element], *, block: bool) -> list[str | Element]:
    """Whitespace collapsed; dropped next to block edges, block children and line breaks."""

    def edge(index: int) -> bool:
        if not 0 <= index < len(children):
            return block
        other = children[index]
        return isinstance(other, Element) and (other.tag in BLOCKS or other.tag == "br")

    out: list[str | Element] = []
    for index, child in enumerate(children):
        if isinstance(child, Element):
            out.append(child)
            continue
        text = SPACE.sub(" ", child)
        if edge(index - 1):
            text = text.lstrip(" ")
        if edge(index + 1):
            text = text.rstrip(" ")
        if text:
            out.append(text)
    return out


# --- Counts -----------------------------------------------------------------------------------


def verdict(example: Example) -> str:
    """ "same" (the spec's structure), "refused" or "different"."""
    outcome = run(example.markdown)
    if outcome.html is None:
        return "refused"
    if uses_raw_html(example.markdown) or normalize(outcome.html) != normalize(example.html):
        return "different"
    return "same"


def counts() -> dict[str, Counter[str]]:
    """The verdicts of the examples, by section of the spec in the spec's order."""
    found: dict[str, Counter[str]] = {}
    for example in examples():
        found.setdefault(example.section, Counter())[verdict(example)] += 1
    return found


def _table() -> str:
    rows = ["| section | same | refused | different |", "| --- | ---: | ---: | ---: |"]
    total: Counter[str] = Counter()
    for section, found in counts().items():
        total.update(found)
        rows.append(f"| {section} | {found['same']} | {found['refused']} | {found['different']} |")
    rows.append(f"| all | {total['same']} | {total['refused']} | {total['different']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(_table())
