"""The stop-word count that checks a document's declared language against its text."""

from __future__ import annotations

import pytest

from publisher.sources.language_check import disagreement, guess

SPANISH = (
    "El instituto publica las cifras del censo en tres distritos; las cifras finales se "
    "publicarán en marzo."
)
ENGLISH = (
    "The city announces that water service will be restored on Monday in all of the southern "
    "districts."
)
QUECHUA = (
    "Kunan punchawmi llaqtakunapi runakuna huñunakunku. Yakuqa manam kanchu, ichaqa allin "
    "kachkan. Wasikunapi runakuna llamkanku chaymanta."
)


@pytest.mark.parametrize(("text", "lang"), [(SPANISH, "es"), (ENGLISH, "en"), (QUECHUA, "qu")])
def test_each_language_is_recognised(text: str, lang: str) -> None:
    assert guess(text) == lang


def test_a_short_text_is_not_judged() -> None:
    assert guess("Lima, 3 de marzo") is None
    assert disagreement("en-US", "Lima, 3 de marzo") is None


def test_a_disagreement_names_both_languages_and_what_to_give() -> None:
    message = disagreement("en-US", SPANISH)
    assert message is not None
    assert "en-US (English)" in message
    assert "Spanish" in message
    assert "--langs es-PE" in message
    assert disagreement("es-PE", SPANISH) is None
