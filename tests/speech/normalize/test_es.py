from __future__ import annotations

import pytest

from publisher.speech.normalize import load_lexicon, spoken_form
from publisher.speech.normalize.es import agree, cardinal, is_plural

SEED_ABBREVIATIONS = {
    "PCM": "Presidencia del Consejo de Ministros",
    "BID": "Banco Interamericano de Desarrollo",
    "OEA": "Organización de los Estados Americanos",
}


def peru(text: str) -> str:
    return spoken_form(text, "es-PE", SEED_ABBREVIATIONS)


def spain(text: str) -> str:
    return spoken_form(text, "es-ES", {})


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("más de 9,000 puestos", "más de nueve mil puestos"),
        ("los 165 millones de soles", "los ciento sesenta y cinco millones de soles"),
        ("1 millón de soles", "un millón de soles"),
        ("14 localidades", "catorce localidades"),
        ("4 mil habitantes", "cuatro mil habitantes"),
        ("1,500,000 personas", "un millón quinientas mil personas"),
        ("1.5 kilos", "uno punto cinco kilos"),
        ("3.14", "tres punto catorce"),
        ("0.05", "cero punto cero cinco"),
        ("1,5 litros", "uno coma cinco litros"),  # not grouping: read as the decimal it must be
        ("9.000 puestos", "nueve mil puestos"),  # ".000" groups thousands in any region
    ],
)
def test_peru_numbers(written: str, said: str) -> None:
    assert peru(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("9.000 puestos", "nueve mil puestos"),
        ("1.500.000 personas", "un millón quinientas mil personas"),
        ("1,5 litros", "uno coma cinco litros"),
        ("2,75", "dos coma setenta y cinco"),
        ("9,000 puestos", "nueve mil puestos"),
        ("9\u00a0000 puestos", "nueve mil puestos"),
        ("12,5 %", "doce coma cinco por ciento"),
    ],
)
def test_spain_numbers(written: str, said: str) -> None:
    assert spain(written) == said


def test_region_decides_the_decimal_mark() -> None:
    assert peru("S/ 1,500") == "mil quinientos soles"
    assert spain("S/ 1.500") == "mil quinientos soles"
    assert spoken_form("1,250", "es-AR", {}) == "uno coma dos cinco cero"
    assert spoken_form("1,250", "es-419", {}) == "mil doscientos cincuenta"
    assert spoken_form("1,250", "es", {}) == "mil doscientos cincuenta"  # no region: as Peru


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1 tonelada", "una tonelada"),
        ("21 toneladas", "veintiuna toneladas"),
        ("31 localidades", "treinta y una localidades"),
        ("200 personas", "doscientas personas"),
        ("501 empresas", "quinientas una empresas"),
        ("1 sol", "un sol"),
        ("21 países", "veintiún países"),
        ("1 día", "un día"),  # masculine although it ends in -a (lexicon)
        ("1 clase", "una clase"),  # feminine although it ends in -e (lexicon)
        ("200 millones de personas", "doscientos millones de personas"),
        ("21 mil habitantes", "veintiún mil habitantes"),
        ("21 mil personas", "veintiuna mil personas"),
        ("21 mil", "veintiún mil"),
        ("1 de cada 3", "uno de cada tres"),
        ("el artículo 1 establece", "el artículo uno establece"),
    ],
)
def test_agreement_with_the_counted_noun(written: str, said: str) -> None:
    assert peru(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("la VII Cumbre Ministerial", "la séptima Cumbre Ministerial"),
        ("esta VII Cumbre", "esta séptima Cumbre"),
        ("el I Simulacro Nacional", "el primer Simulacro Nacional"),
        ("la I Feria", "la primera Feria"),
        ("el III Congreso", "el tercer Congreso"),
        ("los II Juegos", "los segundos Juegos"),
        ("la XXI edición", "la vigésima primera edición"),
        ("el siglo XXI", "el siglo veintiuno"),
        ("Plan V", "Plan V"),
        ("talla XL para", "talla XL para"),
        ("la LI Asamblea", "la quincuagésima primera Asamblea"),
    ],
)
def test_roman_numerals(written: str, said: str) -> None:
    assert peru(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("el 1.º de mayo", "el primero de mayo"),
        ("el 1.er piso", "el primer piso"),
        ("el 1.º piso", "el primer piso"),
        ("la 2.ª edición", "la segunda edición"),
        ("el 3.er lugar", "el tercer lugar"),
        ("el 1° de mayo", "el primero de mayo"),
        ("a 20°C", "a veinte grados Celsius"),  # a degree sign, not an ordinal
    ],
)
def test_ordinal_signs(written: str, said: str) -> None:
    assert peru(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2023", "dos mil veintitrés"),
        ("15 de marzo de 2023", "quince de marzo de dos mil veintitrés"),
        ("1 de marzo de 2023", "primero de marzo de dos mil veintitrés"),
        ("2023-03-15", "quince de marzo de dos mil veintitrés"),
        ("15/09/2023", "quince de setiembre de dos mil veintitrés"),
        ("2019-2023", "de dos mil diecinueve a dos mil veintitrés"),
        ("el periodo 2019–2023", "el periodo de dos mil diecinueve a dos mil veintitrés"),
        ("desde 2019-2023", "desde dos mil diecinueve a dos mil veintitrés"),
        ("entre 3-4 días", "entre tres y cuatro días"),
        ("Covid-19", "Covid diecinueve"),
        ("la COVID-19", "la COVID diecinueve"),
        ("el G20", "el G veinte"),
    ],
)
def test_years_dates_ranges(written: str, said: str) -> None:
    assert peru(written) == said


def test_impossible_date_is_not_read_as_one() -> None:
    assert "febrero" not in peru("2023-02-30")


def test_spain_names_september_septiembre() -> None:
    assert spain("2023-09-15") == "quince de septiembre de dos mil veintitrés"
    assert peru("2023-09-15") == "quince de setiembre de dos mil veintitrés"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("12%", "doce por ciento"),
        ("100 %", "cien por ciento"),
        ("S/ 1,500", "mil quinientos soles"),
        ("S/. 1", "un sol"),
        ("S/1,500.50", "mil quinientos soles con cincuenta céntimos"),
        ("S/ 21.01", "veintiún soles con un céntimo"),
        ("S/ 165 millones", "ciento sesenta y cinco millones de soles"),
        ("S/ 4 mil", "cuatro mil soles"),
        ("US$ 20", "veinte dólares"),
        ("US$ 1.5 millones", "uno punto cinco millones de dólares"),
        ("£ 21", "veintiuna libras"),
    ],
)
def test_percent_and_money(written: str, said: str) -> None:
    assert peru(written) == said


def test_money_in_spain() -> None:
    assert spain("20 €") == "veinte euros"
    assert spain("€ 1.500,50") == "mil quinientos euros con cincuenta céntimos"


def test_abbreviations_lexicon_first_then_letters() -> None:
    assert peru("la PCM") == "la pe ce eme"
    assert peru("el BID y la OEA") == "el bid y la o e a"
    assert spoken_form("la ONP", "es-PE", {"ONP": "Oficina de Normalización Previsional"}) == (
        "la o ene pe"
    )
    assert spoken_form("la XQZ", "es-PE", {}) == "la XQZ"  # not in the list: left to the voice
    assert spoken_form("el MinJus", "es-PE", {"MinJus": "Ministerio"}) == "el MinJus"
    assert peru("el Sr. Pérez, N.º 5") == "el señor Pérez, número cinco"


def test_extra_words_override_the_lexicon() -> None:
    lexicon = load_lexicon("es").with_words({"BID": "be i de", "wifi": "uaifai"})
    assert spoken_form("el BID", "es-PE", SEED_ABBREVIATIONS, lexicon) == "el be i de"
    assert spoken_form("Wifi y wifi", "es-PE", {}, lexicon) == "Uaifai y uaifai"


def test_replaced_text_is_not_read_again() -> None:
    # "I" from a spelled abbreviation is not taken for a Roman numeral before a capital.
    assert spoken_form("la IDB Cumbre", "es-PE", {"IDB": "x"}) == "la i de be Cumbre"


def test_hyphenated_compounds_stay_whole() -> None:
    assert peru("la Ciber-Delincuencia y los Ciber-Ataques") == (
        "la Ciber-Delincuencia y los Ciber-Ataques"
    )


def test_helpers() -> None:
    assert cardinal(21_000) == "veintiún mil"
    assert cardinal(101_000) == "ciento un mil"
    assert cardinal(21_000_000) == "veintiún millones"
    assert agree("doscientos mil", "f") == "doscientas mil"
    assert agree("doscientos millones doscientos uno", "f") == "doscientos millones doscientas una"
    assert is_plural("toneladas")
    assert not is_plural("crisis")
