"""Build options: what to build, where, and the settings each backend owns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.audio.options import AudioOptions
from publisher.bundle.budget import Budgets
from publisher.epub.options import EpubOptions
from publisher.formats import DEFAULT_FORMATS
from publisher.office import Office
from publisher.pdf.options import PdfOptions


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything a build needs besides the release itself."""

    output: Path = Path("dist")
    """Folder that receives one sub-folder per release."""
    formats: tuple[str, ...] = DEFAULT_FORMATS
    """Formats to write."""
    langs: tuple[str, ...] = ()
    """Languages to build (tags or primary subtags); empty means every edition."""
    audio: AudioOptions = field(default_factory=AudioOptions)
    """Voice, encoders and speech cache of the narration."""
    epub: EpubOptions = field(default_factory=EpubOptions)
    """EPUB settings (accessibility certifier)."""
    pdf: PdfOptions = field(default_factory=PdfOptions)
    """PDF settings (stylesheet, page size)."""
    bilingual: bool = True
    """Also write the all-languages edition where a format has one (PDF, EPUB)."""
    base_url: str | None = None
    """Web address the output folder is published at; the podcast feeds need it."""
    feed_image_url: str | None = None
    """Square cover art of the podcast feeds (``[build] feed_image_url``)."""
    budgets: Budgets = field(default_factory=Budgets)
    """Size limits checked before anything is moved into the output folder."""
    office: Office = field(default_factory=Office)
    """The site's press office (``[office]``); a release's ``office:`` overrides it key by key."""
    templates: Path | None = None
    """A folder of page templates replacing the package's ones (``[page] templates``)."""
    jobs: int = 1
    """Tasks run at once on this machine (``-j``); 1 runs them in the build's own process."""
    scheduler: str | None = None
    """A Dask scheduler's address (``tcp://host:port``) that runs the tasks instead."""
    clean: bool = False
    """Remove outputs this build did not write or confirm current (``--clean``); without it,
    outputs of other formats and languages stay."""

    def wants(self, format_name: str) -> bool:
        """Whether ``format_name`` is to be built."""
        return format_name in self.formats
