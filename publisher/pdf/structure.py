"""The structure tree of a tagged PDF, read into elements in reading order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

HEADINGS = {f"/H{level}": level for level in range(1, 7)}
"""Heading roles and their levels."""


@dataclass(frozen=True, slots=True)
class ContentRef:
    """A marked-content sequence: page index and MCID."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class AnnotRef:
    """An annotation (a link) that belongs to an element, through its object reference."""

    objr: pikepdf.Dictionary
    annot: pikepdf.Dictionary


@dataclass(eq=False, slots=True)
class Element:
    """A structure element, or the tree root (role ``/StructTreeRoot``)."""

    obj: pikepdf.Dictionary
    role: str
    parent: Element | None
    page: int | None
    items: list[Element | ContentRef | AnnotRef] = field(default_factory=list)

    @property
    def kids(self) -> list[Element]:
        """Child elements, in order."""
        return [item for item in self.items if isinstance(item, Element)]

    @property
    def lang(self) -> str | None:
        """The element's own /Lang, if it has one."""
        value = self.obj.get("/Lang")
        return str(value) if value is not None else None

    @property
    def heading_level(self) -> int | None:
        """1-6 for a heading element, else None."""
        return HEADINGS.get(self.role)

    def walk(self) -> Iterator[Element]:
        """The element itself and every descendant, in reading order."""
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def content(self) -> Iterator[tuple[Element, ContentRef]]:
        """Every marked-content sequence below this element with its owner, in reading order."""
        for item in self.items:
            if isinstance(item, Element):
                yield from item.content()
            elif isinstance(item, ContentRef):
                yield self, item

    def ancestors(self) -> Iterator[Element]:
        """Parent, grandparent, ... up to the root."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def effective_lang(self, default: str) -> str:
        """The language in force for this element: its /Lang or the nearest ancestor's."""
        for node in (self, *self.ancestors()):
            if node.lang:
                return node.lang
        return default


def same_language(a: str, b: str) -> bool:
    """True when two BCP 47 tags are the same (tags are case-insensitive)."""
    return a.lower() == b.lower()


def page_indexes(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    """Page object id -> page index."""
    return {page.obj.objgen: index for index, page in enumerate(pdf.pages)}


def kid_list(obj: pikepdf.Dictionary) -> list[pikepdf.Object]:
    """The /K entry of an element as a list (it may be one object or an array)."""
    kids = obj.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def write_kids(pdf: pikepdf.Pdf, element: Element) -> None:
    """Write ``element.items`` back to its /K (and each child's /P)."""
    kids: list[object] = []
    for item in element.items:
        if isinstance(item, Element):
            item.obj["/P"] = element.obj
            kids.append(item.obj)
        elif isinstance(item, AnnotRef):
            kids.append(item.objr)
        elif item.page == element.page:
            kids.append(item.mcid)
        else:
            mcr = {"/Type": pikepdf.Name("/MCR"), "/Pg": pdf.pages[item.page].obj}
            kids.append(pikepdf.Dictionary({**mcr, "/MCID": item.mcid}))
    element.obj["/K"] = pikepdf.Array(kids)


def read_tree(pdf: pikepdf.Pdf) -> Element | None:
    """The structure tree, or None for an untagged file."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return None
    pages = page_indexes(pdf)
    tree = Element(root, "/StructTreeRoot", None, None)
    _read_items(tree, pages, set())
    return tree


def _page_of(obj: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> int | None:
    page = obj.get("/Pg")
    return pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None


def _read_items(
    element: Element, pages: dict[tuple[int, int], int], seen: set[tuple[int, int]]
) -> None:
    for kid in kid_list(element.obj):
        if isinstance(kid, int):
            if element.page is not None:
                element.items.append(ContentRef(element.page, int(kid)))
        elif not isinstance(kid, pikepdf.Dictionary):
            continue
        elif kid.get("/Type") == "/MCR":
            page = _page_of(kid, pages)
            page = element.page if page is None else page
            if page is not None and "/MCID" in kid:
                element.items.append(ContentRef(page, int(kid["/MCID"])))
        elif kid.get("/Type") == "/OBJR":
            annot = kid.get("/Obj")
            if isinstance(annot, pikepdf.Dictionary):
                element.items.append(AnnotRef(kid, annot))
        elif "/S" in kid:
            key = kid.objgen
            if key != (0, 0) and key in seen:
                continue
            seen.add(key)
            page = _page_of(kid, pages)
            child = Element(
                kid, str(kid["/S"]), element, page if page is not None else element.page
            )
            element.items.append(child)
            _read_items(child, pages, seen)
