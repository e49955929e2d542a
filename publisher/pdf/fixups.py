"""Repairs of the tagged PDF that WeasyPrint writes, made with pikepdf.

WeasyPrint tags running headers and footers as Spans that no structure element holds, splits
an element into one element per page it crosses (and an inline element into one per line), and
writes no /Lang below the document. These fix-ups turn page furniture into pagination artifacts,
join the pieces of each split element, put /Lang on every element whose language differs from
its parent's, give abbreviations their expansion (/E), link annotations a description
(/Contents) and header cells a scope, make links to release files relative, and rebuild the
parent tree to match.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import pikepdf

from publisher.errors import PublisherError
from publisher.model import Edition, Release
from publisher.pdf.align import Alignment, align
from publisher.pdf.content import PageContent, read_pages, retag_page
from publisher.pdf.expected import DEFAULT, expected
from publisher.pdf.options import PdfOptions
from publisher.pdf.structure import (
    AnnotRef,
    ContentRef,
    Element,
    read_tree,
    same_language,
    write_kids,
)


class TaggingError(PublisherError):
    """The renderer's structure tree cannot be matched to the document it was made from."""


def _tree(pdf: pikepdf.Pdf) -> Element:
    tree = read_tree(pdf)
    if tree is None:
        raise TaggingError("the renderer wrote an untagged PDF")
    return tree


def mark_furniture(
    pdf: pikepdf.Pdf,
    tree: Element,
    pages: Sequence[PageContent],
    repeated: Collection[tuple[int, int]] = (),
) -> None:
    """Turn marked content that no element holds into pagination artifacts; renumber MCIDs.

    Content in ``repeated`` ((page, MCID): a table head painted again) becomes a plain
    pagination artifact, the rest Header or Footer artifacts by where it stands on the page.
    """
    held = {(ref.page, ref.mcid) for _, ref in tree.content()}
    mappings: dict[int, dict[int, int]] = {}
    for content in pages:
        page = pdf.pages[content.index]
        middle = float(page.mediabox[1] + page.mediabox[3]) / 2
        artifacts = {
            mcid: ""
            if (content.index, mcid) in repeated
            else "Header"
            if content.tops.get(mcid, 0.0) > middle
            else "Footer"
            for mcid in content.mcids
            if (content.index, mcid) not in held
        }
        kept = [mcid for mcid in content.mcids if mcid not in artifacts]
        mappings[content.index] = {old: new for new, old in enumerate(kept)}
        retag_page(pdf, page, artifacts, mappings[content.index])
    for element in tree.walk():
        refs = [item for item in element.items if isinstance(item, ContentRef)]
        if not refs:
            continue
        element.items = [
            ContentRef(item.page, mappings.get(item.page, {}).get(item.mcid, item.mcid))
            if isinstance(item, ContentRef)
            else item
            for item in element.items
        ]
        write_kids(pdf, element)


def _cells(head: Element) -> list[Element]:
    return [element for element in head.walk() if element.role in ("/TH", "/TD")]


def drop_repeated_heads(pdf: pikepdf.Pdf, alignment: Alignment) -> set[tuple[int, int]]:
    """Take the copies of table heads out of the tree; the (page, MCID) they painted.

    The table's data cells on later pages are led to the header cells of the original head.
    """
    painted: set[tuple[int, int]] = set()
    for copy, original in alignment.repeated_heads:
        painted |= {(ref.page, ref.mcid) for _, ref in copy.content()}
        ids = {
            bytes(cell.obj["/ID"]): theirs.obj["/ID"]
            for cell, theirs in zip(_cells(copy), _cells(original), strict=False)
            if "/ID" in cell.obj and "/ID" in theirs.obj
        }
        table = copy.parent
        if table is None:
            continue
        table.items = [item for item in table.items if item is not copy]
        write_kids(pdf, table)
        for cell in table.walk():
            attributes = cell.obj.get("/A")
            headers = (
                attributes.get("/Headers") if isinstance(attributes, pikepdf.Dictionary) else None
            )
            if isinstance(attributes, pikepdf.Dictionary) and isinstance(headers, pikepdf.Array):
                attributes["/Headers"] = pikepdf.Array(
                    [ids.get(bytes(ref), ref) for ref in headers]
                )
    return painted


def _holds_content(element: Element) -> bool:
    return any(not isinstance(item, Element) for item in element.items)


def _continues(first: Element, second: Element, alignment: Alignment) -> bool:
    """True when ``second`` is another piece of the source element ``first`` was made from."""
    if first.role != second.role or _holds_content(first) or _holds_content(second):
        return False
    node_a, node_b = alignment.node(first), alignment.node(second)
    if node_a is None or node_b is None or node_a.path != node_b.path:
        return False
    return node_a.role == first.role


def join_split_elements(pdf: pikepdf.Pdf, element: Element, alignment: Alignment) -> None:
    """Join the pieces of every element split across pages or lines, from ``element`` down."""
    items: list[Element | ContentRef | AnnotRef] = []
    changed = False
    for item in element.items:
        last = items[-1] if items else None
        if (
            isinstance(item, Element)
            and isinstance(last, Element)
            and _continues(last, item, alignment)
        ):
            last.items.extend(item.items)
            for kid in item.kids:
                kid.parent = last
            changed = True
            continue
        items.append(item)
    element.items = items
    if changed:
        for kid in element.kids:
            write_kids(pdf, kid)
        write_kids(pdf, element)
    for kid in element.kids:
        join_split_elements(pdf, kid, alignment)


def set_languages(element: Element, alignment: Alignment, inherited: str) -> None:
    """Put /Lang on each element below ``element`` whose language differs from its parent's."""
    for kid in element.kids:
        node = alignment.node(kid)
        lang = node.lang if node is not None else inherited
        if same_language(lang, inherited):
            if "/Lang" in kid.obj:
                del kid.obj["/Lang"]
        else:
            kid.obj["/Lang"] = pikepdf.String(lang)
        set_languages(kid, alignment, lang)


def scope_header_cells(tree: Element) -> None:
    """Give each table header cell a /Scope: Column in the table head, Row elsewhere."""
    for element in tree.walk():
        if element.role != "/TH":
            continue
        in_head = any(node.role == "/THead" for node in element.ancestors())
        scope = pikepdf.Name("/Column" if in_head else "/Row")
        attributes = element.obj.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
            if "/Scope" not in attributes:
                attributes["/Scope"] = scope
        elif attributes is None:
            element.obj["/A"] = pikepdf.Dictionary({"/O": pikepdf.Name("/Table"), "/Scope": scope})


def describe(tree: Element, alignment: Alignment) -> None:
    """Expansions on abbreviations, descriptions on links, alt text on figures.

    All as the source says them: the renderer's copies may have letters decomposed to be drawn.
    """
    for element in tree.walk():
        node = alignment.node(element)
        if node is None:
            continue
        if element.role == "/NonStruct" and node.role == "/NonStruct" and node.expansion:
            element.obj["/S"] = pikepdf.Name("/Span")
            element.obj["/E"] = pikepdf.String(node.expansion)
        elif element.role == "/Link" and node.description:
            for item in element.items:
                if isinstance(item, AnnotRef):
                    item.annot["/Contents"] = pikepdf.String(node.description)
        elif element.role == "/Figure" and node.alt:
            element.obj["/Alt"] = pikepdf.String(node.alt)


def relative_links(pdf: pikepdf.Pdf, root: Path) -> None:
    """Make links to files of the release relative, so no path of the build machine is written."""
    base = root.resolve().as_uri() + "/"
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            action = annot.get("/A") if isinstance(annot, pikepdf.Dictionary) else None
            if not isinstance(action, pikepdf.Dictionary) or action.get("/S") != "/URI":
                continue
            uri = str(action.get("/URI", ""))
            if uri.startswith(base):
                action["/URI"] = pikepdf.String(uri.removeprefix(base))


def rebuild_parent_tree(pdf: pikepdf.Pdf, tree: Element) -> None:
    """Write the parent tree (MCID and annotation -> element) from the structure tree."""
    owners: dict[tuple[int, int], pikepdf.Dictionary] = {}
    annotations: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []
    for element in tree.walk():
        for item in element.items:
            if isinstance(item, ContentRef):
                owners[(item.page, item.mcid)] = element.obj
            elif isinstance(item, AnnotRef):
                annotations.append((item.annot, element.obj))
    nums: list[object] = []
    for index, page in enumerate(pdf.pages):
        page.obj["/StructParents"] = index
        page.obj["/Tabs"] = pikepdf.Name("/S")
        count = 1 + max((mcid for (p, mcid) in owners if p == index), default=-1)
        nums += [index, pikepdf.Array([owners.get((index, mcid)) for mcid in range(count)])]
    first = len(pdf.pages)
    for offset, (annot, owner) in enumerate(annotations):
        annot["/StructParent"] = first + offset
        nums += [first + offset, owner]
    root = tree.obj
    root["/ParentTree"] = pdf.make_indirect(pikepdf.Dictionary({"/Nums": pikepdf.Array(nums)}))
    root["/ParentTreeNextKey"] = first + len(annotations)


def fix_structure(
    pdf: pikepdf.Pdf,
    release: Release,
    editions: Sequence[Edition],
    options: PdfOptions = DEFAULT,
) -> None:
    """Apply every structure fix-up to ``pdf``, rendered from ``editions`` of ``release``."""
    tree = _tree(pdf)
    pages = read_pages(pdf)
    wanted = expected(release, editions, options)
    alignment = align(tree, pages, wanted)
    if alignment.mismatch is not None:
        raise TaggingError(f"the PDF's text does not follow the source: {alignment.mismatch}")
    mark_furniture(pdf, tree, pages, drop_repeated_heads(pdf, alignment))
    pages = read_pages(pdf)
    tree = _tree(pdf)
    alignment = align(tree, pages, wanted)
    join_split_elements(pdf, tree, alignment)
    tree = _tree(pdf)
    alignment = align(tree, pages, wanted)
    lang = editions[0].lang
    pdf.Root["/Lang"] = pikepdf.String(lang)
    set_languages(tree, alignment, lang)
    describe(tree, alignment)
    scope_header_cells(tree)
    relative_links(pdf, release.root)
    rebuild_parent_tree(pdf, tree)
