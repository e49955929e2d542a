"""manifest.json validates against its schema and describes every file exactly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from publisher.bundle.manifest import MANIFEST_NAME, read_manifest
from publisher.errors import PublisherError
from tests.bundle.conftest import SECOND_SLUG, Built
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text("utf-8"))


def _manifests(built: Built) -> list[Path]:
    return [built.output / slug / MANIFEST_NAME for slug in built.releases]


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_manifest_validates_against_schema(built: Built) -> None:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in _manifests(built):
        errors = sorted(validator.iter_errors(json.loads(path.read_text("utf-8"))), key=str)
        assert errors == [], f"{path}: {errors[0].message if errors else ''}"


def test_every_checksum_and_size_matches_its_file(built: Built) -> None:
    for path in _manifests(built):
        data = json.loads(path.read_text("utf-8"))
        for entry in data["files"]:
            content = (path.parent / entry["path"]).read_bytes()
            assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["path"]
            assert len(content) == entry["bytes"], entry["path"]


def test_lists_every_file_in_the_folder_but_itself_in_path_order(built: Built) -> None:
    for path in _manifests(built):
        listed = [f["path"] for f in json.loads(path.read_text("utf-8"))["files"]]
        on_disk = sorted(
            p.name
            for p in path.parent.iterdir()
            if p.name != MANIFEST_NAME and not p.name.startswith(".")  # the build's own state
        )
        assert listed == on_disk


def test_audio_has_duration_and_language(built: Built) -> None:
    data = json.loads((built.output / SECOND_SLUG / MANIFEST_NAME).read_text("utf-8"))
    audio = [f for f in data["files"] if f["media_type"].startswith("audio/")]
    assert {f["format"] for f in audio} == {"mp3", "opus"}
    assert {tuple(f["lang"]) for f in audio} == {("en",), ("es",), ("qu",)}
    assert all(19.5 < f["duration_s"] < 20.5 for f in audio)
    assert all("duration_s" not in f for f in data["files"] if f["format"] in ("pdf", "epub"))
    bilingual = next(f for f in data["files"] if f["path"].endswith(".bilingual.pdf"))
    assert bilingual["lang"] == ["en", "es", "qu"]


def test_release_metadata_and_tool_version(built: Built) -> None:
    seed = json.loads((built.output / next(iter(built.releases)) / MANIFEST_NAME).read_text())
    assert seed["generator"] == {"name": "publisher", "version": "0.1.0"}
    assert seed["release"]["date"] is None
    assert [e["lang"] for e in seed["release"]["editions"]] == ["es-PE", "en"]
    second = json.loads((built.output / SECOND_SLUG / MANIFEST_NAME).read_text())
    assert second["release"]["date"] == "2024-03-01"
    assert second["release"]["editions"][0]["issuer"] == "Office of Digital Government"
    assert second["release"]["editions"][0]["description"] == "The year in numbers."


def test_schema_rejects_audio_without_duration(built: Built) -> None:
    data = json.loads((built.output / SECOND_SLUG / MANIFEST_NAME).read_text("utf-8"))
    mp3 = next(f for f in data["files"] if f["format"] == "mp3")
    del mp3["duration_s"]
    with pytest.raises(jsonschema.ValidationError, match="duration_s"):
        jsonschema.validate(data, SCHEMA)


def test_read_manifest_round_trips(built: Built) -> None:
    for path in _manifests(built):
        assert read_manifest(path).to_json() == path.read_bytes()


def test_unreadable_manifest_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    path.write_text('{"manifest_version": 1, "release": {}}', encoding="utf-8")
    with pytest.raises(PublisherError, match=r"manifest\.json: not a readable manifest"):
        read_manifest(path)
