"""The press office a release comes from: its name, logo and press contact, for the pages.

Said once for a site in ``publisher.toml`` (``[office]``) and, per release, in ``release.yaml``
(``office:``, the same keys); a release's values win key by key. Nothing here is required: a page
without an office shows no logo and no contact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import SourceError
from publisher.languages import primary

if TYPE_CHECKING:
    from publisher.model import Release

OFFICE_KEYS = frozenset({"name", "logo", "email", "phone", "website"})
"""What ``[office]`` in publisher.toml and ``office:`` in release.yaml may set."""
LOGO_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,}$")


@dataclass(frozen=True, slots=True)
class Office:
    """Who speaks for the release, as the download pages show it."""

    name: Mapping[str, str] = field(default_factory=dict)
    """The office's name by language tag, or under "*" for every language."""
    logo: Path | None = None
    """An image file of the logo (shown with the name as its text alternative)."""
    email: str | None = None
    """The press contact's e-mail address."""
    phone: str | None = None
    """The press contact's telephone number, as people write it."""
    website: str | None = None
    """The office's web address."""

    def name_in(self, lang: str) -> str:
        """The name as written in ``lang``, else the one for every language, else ""."""
        for key in (lang, primary(lang), "*"):
            if key in self.name:
                return self.name[key]
        return next(iter(self.name.values()), "")

    @property
    def phone_href(self) -> str | None:
        """The ``tel:`` address of the phone number."""
        if self.phone is None:
            return None
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    @property
    def has_contact(self) -> bool:
        """Whether the office gives any way to reach it."""
        return bool(self.email or self.phone or self.website)

    def over(self, base: Office) -> Office:
        """The office with ``base``'s values wherever it says nothing itself."""
        return Office(
            name=self.name or base.name,
            logo=self.logo or base.logo,
            email=self.email or base.email,
            phone=self.phone or base.phone,
            website=self.website or base.website,
        )


def parse_office(data: Mapping[str, Any], where: Path, folder: Path, inside: bool) -> Office:
    """An office from the keys of ``[office]`` or ``office:``; SourceError naming ``where``.

    A logo path is taken from ``folder``; with ``inside`` it must stay in that folder (a release
    may not make the build read files outside its own folder).
    """
    unknown = sorted(set(data) - OFFICE_KEYS)
    if unknown:
        known = ", ".join(sorted(OFFICE_KEYS))
        raise SourceError(where, f"office: unknown key '{unknown[0]}' (known: {known})")
    text = {key: _text(data, key, where) for key in ("email", "phone", "website")}
    if text["email"] and not _EMAIL.match(text["email"]):
        raise SourceError(where, f"office: email '{text['email']}' is not an e-mail address")
    if text["phone"] and not _PHONE.match(text["phone"]):
        raise SourceError(where, f"office: phone '{text['phone']}' is not a telephone number")
    if text["website"] and not text["website"].startswith(("https://", "http://")):
        raise SourceError(where, "office: website must start with https:// or http://")
    return Office(
        name=_name(data.get("name"), where),
        logo=_logo(data.get("logo"), where, folder, inside),
        email=text["email"],
        phone=text["phone"],
        website=text["website"],
    )


def release_office(release: Release, base: Office | None = None) -> Office:
    """The office the release names (over ``base``, the site's), or ``base``."""
    site = base or Office()
    return release.office.over(site) if release.office is not None else site


def _text(data: Mapping[str, Any], key: str, where: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise SourceError(where, f"office: {key} must be text, not {value!r}")
    return str(value).strip()


def _name(value: Any, where: Path) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str) and value.strip():
        return {"*": value.strip()}
    if isinstance(value, Mapping) and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k): str(v).strip() for k, v in value.items()}
    raise SourceError(where, "office: name must be text, or text by language (es: ..., en: ...)")


def _logo(value: Any, where: Path, folder: Path, inside: bool) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourceError(where, "office: logo must be the path of an image file")
    path = (folder / value).resolve()
    if inside and not path.is_relative_to(folder):
        raise SourceError(where, f"office: logo '{value}' is outside the release folder")
    if not path.is_file():
        raise SourceError(where, f"office: logo '{value}' is not a file")
    if path.suffix.lower() not in LOGO_TYPES:
        raise SourceError(where, f"office: logo '{value}': use {', '.join(sorted(LOGO_TYPES))}")
    return path
