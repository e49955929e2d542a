"""Page content streams: what each marked-content sequence shows, and what is left untagged.

A small interpreter follows the graphics state far enough to know, for every text-showing
operator, its text (through the font's ToUnicode map), its size on the page, its fill colour and
the marked-content sequence it belongs to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf

from publisher.pdf.fonts import FontDecoder

Matrix = tuple[float, float, float, float, float, float]
"""A PDF transformation matrix ``[a b c d e f]``."""
RGB = tuple[float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
PATH_PAINTING = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"})
GRAPHICS_STATE = frozenset({"q", "Q", "cm", "gs", "rg", "g", "k", "sc", "scn"})
TEXT_STATE = frozenset({"BT", "Tf", "TL", "Td", "TD", "Tm", "T*"})


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The product ``m × n`` (apply ``m``, then ``n``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


@dataclass(frozen=True, slots=True)
class Show:
    """One text-showing operator as it is painted."""

    text: str
    size: float
    """Font size on the page, in points."""
    fill: RGB
    """Fill colour blended with its opacity over white, 0-1 per channel."""
    y: float
    """Baseline height above the bottom edge of the page, in points."""
    mcid: int | None
    """The innermost marked-content identifier around it, if any."""
    artifact: bool
    """Inside an ``/Artifact`` sequence."""


@dataclass(slots=True)
class PageContent:
    """What one page paints, by marked-content sequence."""

    index: int
    """Page index, from 0."""
    mcids: list[int] = field(default_factory=list)
    """Every MCID, in the order its sequence starts in the stream."""
    texts: dict[int, str] = field(default_factory=dict)
    """Text of each MCID sequence that shows text."""
    tops: dict[int, float] = field(default_factory=dict)
    """Baseline height of the first text each MCID sequence shows."""
    images: set[int] = field(default_factory=set)
    """MCIDs of sequences that paint an image or form XObject."""
    shows: list[Show] = field(default_factory=list)
    """Every text-showing operator."""
    untagged: list[str] = field(default_factory=list)
    """Operators that paint outside any MCID or Artifact sequence."""


def _numbers(operands: Iterable[object]) -> list[float]:
    return [
        float(value)
        for value in operands
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    ]


def _colour(values: list[float]) -> RGB | None:
    if len(values) == 1:
        return (values[0], values[0], values[0])
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    fill: RGB = (0.0, 0.0, 0.0)
    alpha: float = 1.0


class _Reader:
    def __init__(self, page: pikepdf.Page, index: int, fonts: dict[tuple[int, int], FontDecoder]):
        self.page = page
        self.result = PageContent(index)
        self.fonts = fonts
        self.resources = page.obj.get("/Resources", pikepdf.Dictionary())
        self.state = _State()
        self.stack: list[_State] = []
        self.marks: list[tuple[str, int | None]] = []
        self.tm = self.tlm = IDENTITY
        self.font: FontDecoder | None = None
        self.size = 0.0
        self.leading = 0.0

    def resource(self, kind: str, name: object) -> pikepdf.Object | None:
        group = self.resources.get(kind)
        return group.get(str(name)) if isinstance(group, pikepdf.Dictionary) else None

    def current(self) -> tuple[int | None, bool]:
        artifact = any(tag == "/Artifact" for tag, _ in self.marks)
        mcid = next((m for _, m in reversed(self.marks) if m is not None), None)
        return mcid, artifact

    def paint(self, what: str, image: bool = False) -> None:
        mcid, artifact = self.current()
        if mcid is not None and image:
            self.result.images.add(mcid)
        if mcid is None and not artifact:
            self.result.untagged.append(what)

    def show(self, strings: Iterable[object]) -> None:
        data = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
        text = self.font.decode(data) if self.font else data.decode("latin-1")
        mcid, artifact = self.current()
        if mcid is not None:
            self.result.texts[mcid] = self.result.texts.get(mcid, "") + text
        elif not artifact:
            self.result.untagged.append(f"text {text[:30]!r}")
        a, b, c, d, _, f = multiply(self.tm, self.state.ctm)
        size = self.size * math.sqrt(abs(a * d - b * c))
        alpha = self.state.alpha
        fill = tuple(alpha * v + (1 - alpha) for v in self.state.fill)
        self.result.shows.append(Show(text, size, (fill[0], fill[1], fill[2]), f, mcid, artifact))
        if mcid is not None:
            self.result.tops.setdefault(mcid, f)

    def move(self, tx: float, ty: float) -> None:
        self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def run(self) -> PageContent:
        for instruction in pikepdf.parse_content_stream(self.page):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self.paint("inline image", image=True)
                continue
            self.step(str(instruction.operator), list(instruction.operands))
        return self.result

    def step(self, op: str, args: list[object]) -> None:
        if op in GRAPHICS_STATE:
            self.graphics(op, args)
        elif op in ("BMC", "BDC", "EMC"):
            self.marked(op, args)
        elif op in TEXT_STATE:
            self.text_state(op, args)
        elif op in TEXT_SHOWING:
            if op in ("'", '"'):
                self.move(0.0, -self.leading)
            last = args[-1]
            self.show(list(last) if isinstance(last, pikepdf.Array) else [last])
        elif op == "Do":
            xobject = self.resource("/XObject", args[0])
            subtype = xobject.get("/Subtype") if isinstance(xobject, pikepdf.Stream) else None
            self.paint(f"{subtype} XObject {args[0]}", image=True)
        elif op in PATH_PAINTING:
            self.paint(f"path ({op})")

    def graphics(self, op: str, args: list[object]) -> None:
        if op == "q":
            self.stack.append(_State(self.state.ctm, self.state.fill, self.state.alpha))
        elif op == "Q":
            if self.stack:
                self.state = self.stack.pop()
        elif op == "cm":
            m = _numbers(args)
            self.state.ctm = multiply((m[0], m[1], m[2], m[3], m[4], m[5]), self.state.ctm)
        elif op == "gs":
            gstate = self.resource("/ExtGState", args[0])
            if isinstance(gstate, pikepdf.Dictionary) and "/ca" in gstate:
                self.state.alpha = float(gstate["/ca"])
        else:
            colour = _colour(_numbers(args))
            if colour is not None:
                self.state.fill = colour

    def marked(self, op: str, args: list[object]) -> None:
        if op == "EMC":
            if self.marks:
                self.marks.pop()
            return
        props = args[1] if op == "BDC" else None
        if isinstance(props, pikepdf.Name):
            props = self.resource("/Properties", props)
        mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
        number = int(mcid) if mcid is not None else None
        if number is not None:
            self.result.mcids.append(number)
        self.marks.append((str(args[0]), number))

    def text_state(self, op: str, args: list[object]) -> None:
        numbers = _numbers(args)
        if op == "BT":
            self.tm = self.tlm = IDENTITY
        elif op == "Tf":
            font = self.resource("/Font", args[0])
            if isinstance(font, pikepdf.Dictionary):
                key = font.objgen
                if key not in self.fonts or key == (0, 0):
                    self.fonts[key] = FontDecoder(font)
                self.font = self.fonts[key]
            self.size = numbers[0]
        elif op == "TL":
            self.leading = numbers[0]
        elif op in ("Td", "TD"):
            if op == "TD":
                self.leading = -numbers[1]
            self.move(numbers[0], numbers[1])
        elif op == "Tm":
            m = numbers
            self.tm = self.tlm = (m[0], m[1], m[2], m[3], m[4], m[5])
        else:  # T*
            self.move(0.0, -self.leading)


def read_page(
    page: pikepdf.Page, index: int, fonts: dict[tuple[int, int], FontDecoder] | None = None
) -> PageContent:
    """Interpret one page's content stream; ``fonts`` caches decoders across pages."""
    return _Reader(page, index, {} if fonts is None else fonts).run()


def read_pages(pdf: pikepdf.Pdf) -> list[PageContent]:
    """Every page's content, in page order."""
    fonts: dict[tuple[int, int], FontDecoder] = {}
    return [read_page(page, index, fonts) for index, page in enumerate(pdf.pages)]


def retag_page(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    artifacts: Mapping[int, str],
    renumber: Mapping[int, int],
) -> None:
    """Rewrite a page's marked content.

    Sequences whose MCID is a key of ``artifacts`` become pagination artifacts of the given
    subtype (``Header`` or ``Footer``; ``""`` for none); the others take their new MCID from
    ``renumber``.
    """
    out: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for original in pikepdf.parse_content_stream(page):
        instruction = original
        if (
            isinstance(instruction, pikepdf.ContentStreamInstruction)
            and str(instruction.operator) == "BDC"
            and isinstance(instruction.operands[1], pikepdf.Dictionary)
            and "/MCID" in instruction.operands[1]
        ):
            mcid = int(instruction.operands[1]["/MCID"])
            if mcid in artifacts:
                kind = artifacts[mcid]
                props = pikepdf.Dictionary({"/Type": pikepdf.Name("/Pagination")})
                if kind:
                    props["/Subtype"] = pikepdf.Name(f"/{kind}")
                operands: list[pikepdf.Object] = [pikepdf.Name("/Artifact"), props]
            else:
                tag = instruction.operands[0]
                operands = [tag, pikepdf.Dictionary({"/MCID": renumber.get(mcid, mcid)})]
            instruction = pikepdf.ContentStreamInstruction(operands, pikepdf.Operator("BDC"))
        out.append(instruction)
    page.obj["/Contents"] = pdf.make_stream(pikepdf.unparse_content_stream(out))
