"""The PDF accessibility audit: the PyPI ``pdfua`` checker, then the checks it does not make.

The project's own checks read the structure tree against the model the PDF was made from: all
page content is tagged or an artifact, every element's language agrees with the source, headings
never skip a level, figures have alt text and links a description, and the text read in
structure-tree order is the source text in source order. The metadata, the bookmarks, the fonts
and the legibility of the text are checked too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pikepdf

from publisher.clock import release_time
from publisher.model import Edition, Release
from publisher.pdf.align import Alignment, align
from publisher.pdf.content import PageContent, read_pages
from publisher.pdf.expected import DEFAULT, expected
from publisher.pdf.fonts import stylesheet_fonts
from publisher.pdf.legibility import check_fonts, check_legibility
from publisher.pdf.options import PdfOptions
from publisher.pdf.outline import outline_problems, read_outline
from publisher.pdf.structure import AnnotRef, Element, read_tree, same_language
from publisher.pdf.xmp import metadata_for, metadata_problems
from publisher.validate.base import Finding
from publisher.validate.pdfua import run_pdfua

TOOL = "pdf-audit"
REPORTED_SEVERITIES = frozenset({"fatal", "error", "warning"})
"""pdfua findings that the audit passes on (rules that could not run and notes are left out)."""


def finding(rule: str, message: str, location: str = "document") -> Finding:
    """An error found by the project's own checks."""
    return Finding(TOOL, rule, "error", message, location)


def _where(element: Element) -> str:
    page = f"page {element.page + 1} " if element.page is not None else ""
    return f"{page}{element.role}"


def _excerpt(element: Element, pages: Sequence[PageContent]) -> str:
    text = "".join(
        pages[ref.page].texts.get(ref.mcid, "")
        for _, ref in element.content()
        if ref.page < len(pages)
    )
    return text[:40] + ("…" if len(text) > 40 else "")


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if isinstance(root, pikepdf.Dictionary) else None
    found: dict[int, object] = {}

    def collect(node: object, depth: int) -> None:
        if not isinstance(node, pikepdf.Dictionary) or depth > 32:
            return
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for index in range(0, len(nums) - 1, 2):
                found[int(nums[index])] = nums[index + 1]
        for kid in node.get("/Kids", pikepdf.Array()):
            collect(kid, depth + 1)

    collect(tree, 0)
    return found


def check_content(
    pdf: pikepdf.Pdf, tree: Element, pages: Sequence[PageContent]
) -> Iterator[Finding]:
    """All page content is tagged or an artifact, and tree and parent tree agree on it."""
    held: dict[tuple[int, int], Element] = {}
    for owner, ref in tree.content():
        held[(ref.page, ref.mcid)] = owner
    parents = _parent_tree(pdf)
    for content in pages:
        where = f"page {content.index + 1}"
        if content.untagged:
            yield finding(
                "untagged-content",
                f"{len(content.untagged)} painting operator(s) outside any tagged or artifact "
                f"sequence, e.g. {content.untagged[0]}",
                where,
            )
        orphans = [m for m in content.mcids if (content.index, m) not in held]
        if orphans:
            shown = "; ".join(repr(content.texts.get(m, "")[:30]) for m in orphans[:3])
            yield finding(
                "orphan-content",
                f"marked content missing from the structure tree (MCID {orphans[:5]}): {shown}; "
                "page furniture must be an Artifact",
                where,
            )
        entry = parents.get(int(pdf.pages[content.index].obj.get("/StructParents", -1)))
        for mcid in content.mcids:
            holder = held.get((content.index, mcid))
            if holder is None:
                continue
            mapped = entry[mcid] if isinstance(entry, pikepdf.Array) and mcid < len(entry) else None
            if not isinstance(mapped, pikepdf.Dictionary) or mapped.objgen != holder.obj.objgen:
                yield finding(
                    "parent-tree",
                    f"the parent tree does not lead MCID {mcid} to its element",
                    where,
                )
                break
    for (page, mcid), owner in held.items():
        if page >= len(pages) or mcid not in pages[page].mcids:
            yield finding(
                "missing-content",
                f"{owner.role} refers to MCID {mcid}, which the page does not have",
                f"page {page + 1}",
            )


def check_languages(
    pdf: pikepdf.Pdf, tree: Element, alignment: Alignment, pages: Sequence[PageContent]
) -> Iterator[Finding]:
    """The catalog /Lang is the first edition's; every element's language is its source's."""
    lang = alignment.expected.node(()).lang
    catalog = str(pdf.Root.get("/Lang", ""))
    if not same_language(catalog, lang):
        yield finding("document-lang", f"the document language is {catalog!r}, not {lang!r}")
    for element in tree.walk():
        node = alignment.node(element) if element is not tree else None
        if node is None:
            continue
        said = element.effective_lang(catalog)
        if same_language(said, node.lang):
            continue
        parent = element.parent
        parent_node = alignment.node(parent) if parent is not None and parent is not tree else None
        if (
            parent is not None
            and parent_node is not None
            and same_language(parent.effective_lang(catalog), said)
            and same_language(parent_node.lang, node.lang)
        ):
            continue  # the same mismatch, reported at the parent
        yield finding(
            "lang",
            f"{element.role} {_excerpt(element, pages)!r} is tagged {said!r}; "
            f"the source says {node.lang!r}",
            _where(element),
        )


def check_headings(tree: Element) -> Iterator[Finding]:
    """Heading levels start at 1 and never skip one going down."""
    previous = 0
    for element in tree.walk():
        level = element.heading_level
        if level is None:
            continue
        if level > previous + 1:
            yield finding(
                "heading-skip", f"H{level} follows H{previous or '(none)'}", _where(element)
            )
        previous = level


def check_figures(tree: Element, alignment: Alignment) -> Iterator[Finding]:
    """Every figure has alt text, and it is the source's."""
    wanted = len(alignment.expected.images)
    if alignment.image_count != wanted:
        yield finding("figures", f"{alignment.image_count} figures for {wanted} source images")
    for element in tree.walk():
        if element.role != "/Figure":
            continue
        alt = str(element.obj.get("/Alt", element.obj.get("/ActualText", ""))).strip()
        node = alignment.node(element)
        if not alt:
            yield finding("figure-alt", "a Figure has no /Alt", _where(element))
        elif node is not None and alt != node.alt.strip():
            yield finding(
                "figure-alt", f"/Alt is {alt!r}, the source says {node.alt!r}", _where(element)
            )


def check_links(pdf: pikepdf.Pdf, tree: Element) -> Iterator[Finding]:
    """Every Link element holds its annotation, and every link annotation has /Contents."""
    tagged: set[tuple[int, int]] = set()
    for element in tree.walk():
        if element.role != "/Link":
            continue
        annots = [item for item in element.items if isinstance(item, AnnotRef)]
        if not annots:
            yield finding("link", "a Link element holds no link annotation", _where(element))
        tagged |= {item.annot.objgen for item in annots}
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            where = f"page {index + 1}"
            if not str(annot.get("/Contents", "")).strip():
                yield finding("link-contents", "a link annotation has no /Contents", where)
            if annot.objgen not in tagged:
                yield finding("link-untagged", "a link annotation is in no Link element", where)
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
            if uri.lower().startswith("file:"):
                yield finding("link-path", f"a link names a path of this machine: {uri}", where)


def check_reading_order(alignment: Alignment) -> Iterator[Finding]:
    """The text read in structure-tree order is the source text in source order."""
    if alignment.mismatch is not None:
        yield finding("reading-order", str(alignment.mismatch))


def audit_document(
    pdf: pikepdf.Pdf,
    release: Release,
    editions: Sequence[Edition],
    options: PdfOptions = DEFAULT,
) -> list[Finding]:
    """The project's own checks of an open PDF made from ``editions`` of ``release``."""
    tree = read_tree(pdf)
    if tree is None:
        return [finding("untagged", "the PDF has no structure tree")]
    pages = read_pages(pdf)
    wanted = expected(release, editions, options)
    alignment = align(tree, pages, wanted)
    findings = [
        *check_content(pdf, tree, pages),
        *check_languages(pdf, tree, alignment, pages),
        *check_headings(tree),
        *check_figures(tree, alignment),
        *check_links(pdf, tree),
        *check_reading_order(alignment),
    ]
    findings += [
        finding("outline", p) for p in outline_problems(read_outline(pdf), wanted.headings)
    ]
    meta = metadata_for(release, editions, "", "", release_time(release.date))
    findings += [finding("metadata", problem) for problem in metadata_problems(pdf, meta)]
    allowed = stylesheet_fonts(options.css_path)
    findings += [finding(rule, message) for rule, message in check_fonts(pdf, allowed)]
    figures = {
        (ref.page, ref.mcid)
        for element in tree.walk()
        if element.role == "/Figure"
        for _, ref in element.content()
    }
    findings += [finding(rule, msg, where) for rule, msg, where in check_legibility(pages, figures)]
    return findings


def editions_of(release: Release, pdf: Path) -> list[Edition]:
    """The editions a build wrote into ``pdf``, told by its name.

    ``<slug>.<lang>.pdf`` holds one edition, ``<slug>.bilingual.pdf`` all of them.
    """
    stem = pdf.name.removesuffix(".pdf")
    prefix = f"{release.slug}."
    if not (pdf.suffix == ".pdf" and stem.startswith(prefix)):
        raise ValueError(f"{pdf.name} is not a PDF of {release.slug}")
    which = stem.removeprefix(prefix)
    if which == "bilingual":
        return list(release.editions)
    try:
        return [release.edition(which)]
    except KeyError:
        raise ValueError(f"{pdf.name}: {release.slug} has no edition in '{which}'") from None


def audit_pdf(
    pdf: Path, release: Release, editions: Sequence[Edition], options: PdfOptions = DEFAULT
) -> list[Finding]:
    """Audit a PDF made from ``editions`` of ``release``: pdfua's errors and warnings, then ours."""
    findings = [f for f in run_pdfua(pdf) if f.severity in REPORTED_SEVERITIES]
    try:
        document = pikepdf.open(pdf)
    except pikepdf.PdfError as error:
        return [*findings, Finding(TOOL, "unreadable", "fatal", str(error), pdf.name)]
    with document:
        findings += audit_document(document, release, editions, options)
    return findings
