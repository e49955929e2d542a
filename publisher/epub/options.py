"""Settings of the EPUB writer, owned by the EPUB backend."""

from __future__ import annotations

from dataclasses import dataclass

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""The conformance string of EPUB Accessibility 1.1 for the level the EPUBs are built to."""


@dataclass(frozen=True, slots=True)
class EpubOptions:
    """How the EPUBs are written and what is claimed about them."""

    certified_by: str | None = None
    """Name of the party that evaluated the EPUBs' accessibility (an organisation, not a person).

    EPUB Accessibility 1.1 requires an evaluator with every conformance claim, so without one
    no ``dcterms:conformsTo`` is written; the discovery metadata is written either way.
    """
    certifier_credential: str | None = None
    """A credential or badge of the evaluator, written as ``a11y:certifierCredential``."""
    certifier_report: str | None = None
    """Web address of the evaluator's public report, linked as ``a11y:certifierReport``."""
    conformance: str = CONFORMANCE
    """The ``dcterms:conformsTo`` value claimed when ``certified_by`` is set."""
    compresslevel: int = 9
    """Deflate level of the zip (0-9); the same level always gives the same bytes."""
