"""The parts of the EPUB writer: content, images, navigation, metadata, packaging, audit.

:func:`publisher.epub.writer.write_epub` puts them together; ``publisher.epub.audit`` (which
runs the external validators) is imported only by whoever audits.
"""

from __future__ import annotations

from publisher.epub.options import EpubOptions

__all__ = ["EpubOptions"]
