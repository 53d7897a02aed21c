"""athar.places: the gazetteer tables, label resolution and the ``athar places`` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from athar import places
from athar.places.cli import app
from athar.places.keys import Domain, make_key
from athar.places.matching import resolve_facility, unknown_facility_key

# --- tables ------------------------------------------------------------------------------------


def test_fourteen_governorates() -> None:
    ids = {g.id for g in places.governorates()}
    assert ids == {
        "damascus", "rif_dimashq", "aleppo", "homs", "hama", "latakia", "tartus", "idlib",
        "raqqa", "deir_ez_zor", "hasakah", "daraa", "suwayda", "quneitra",
    }  # fmt: skip


def test_table_sizes() -> None:
    assert len(places.towns()) >= 120
    assert len(places.facilities()) >= 25


def _points() -> list[tuple[str, float, float]]:
    return (
        [(f"governorate {g.id}", g.lat, g.lon) for g in places.governorates()]
        + [(f"town {t.id}", t.lat, t.lon) for t in places.towns()]
        + [(f"facility {f.id}", f.lat, f.lon) for f in places.facilities()]
    )


@pytest.mark.parametrize(("where", "lat", "lon"), _points())
def test_coordinates_inside_syria(where: str, lat: float, lon: float) -> None:
    assert 32.3 <= lat <= 37.4, where
    assert 35.7 <= lon <= 42.4, where


@pytest.mark.parametrize("f", places.facilities(), ids=lambda f: f.id)
def test_facility_fields(f: places.Facility) -> None:
    assert f.accuracy in {"exact_site", "approximate", "city_centroid"}
    assert f.kind in places.FACILITY_KINDS
    assert f.name_ar in f.aliases and f.name_en in f.aliases
    assert any(a != f.name_ar and not a.isascii() for a in f.aliases), "needs Arabic aliases"
    assert any(a != f.name_en and a.isascii() for a in f.aliases), "needs Latin aliases"
    assert places.town(f.city).governorate == f.governorate
    assert f.notes
    assert places.facility(f.id) is f


@pytest.mark.parametrize("t", places.towns(), ids=lambda t: t.id)
def test_town_fields(t: places.Town) -> None:
    assert t.accuracy == "city_centroid"
    assert places.governorate(t.governorate).id == t.governorate
    assert t.name_ar in t.aliases and t.name_en in t.aliases


def test_unknown_ids_raise() -> None:
    with pytest.raises(KeyError):
        places.facility("no_such_branch")
    with pytest.raises(KeyError):
        places.governorate("atlantis")


def _alias_owners(kind: str) -> dict[tuple[str, ...], set[str]]:
    items: list[tuple[str, tuple[str, ...]]]
    domain: Domain
    if kind == "facility":
        items = [(f.id, f.aliases) for f in places.facilities()]
        domain = "facility"
    elif kind == "town":
        items = [(t.id, t.aliases) for t in places.towns()]
        domain = "place"
    else:
        items = [(g.id, g.aliases) for g in places.governorates()]
        domain = "place"
    owners: dict[tuple[str, ...], set[str]] = {}
    for id_, aliases in items:
        for alias in aliases:
            k = make_key(alias, domain)
            full = (*k.sorted_core, *sorted(k.markers), *sorted(k.agencies))
            owners.setdefault(full, set()).add(id_)
    return owners


@pytest.mark.parametrize("kind", ["facility", "town", "governorate"])
def test_no_alias_names_two_entries_of_a_kind(kind: str) -> None:
    clashes = {k: v for k, v in _alias_owners(kind).items() if len(v) > 1}
    assert not clashes


@pytest.mark.parametrize("f", places.facilities(), ids=lambda f: f.id)
def test_every_facility_alias_resolves_to_its_facility(f: places.Facility) -> None:
    for alias in f.aliases:
        m = places.resolve_facility(alias)
        assert m is not None and m.id == f.id, alias
        assert m.confidence >= 0.95, alias


@pytest.mark.parametrize("t", places.towns(), ids=lambda t: t.id)
def test_every_town_alias_resolves_to_its_town(t: places.Town) -> None:
    for alias in t.aliases:
        m = places.resolve(alias, "town")
        assert m is not None and m.id == t.id, alias
        assert m.confidence >= 0.95, alias


# --- facilities --------------------------------------------------------------------------------

FACILITY_GROUPS: dict[str, list[str]] = {
    "mi_227": [
        "ف 227", "ف227", "الفرع 227", "الفرع ٢٢٧", "فرع ۲۲۷", "Branch 227", "branch no. 227",
        "Military Intelligence Branch 227", "Mil. Int. Br. 227", "فرع المنطقة", "Area Branch",
        "227", "فرع الأمن العسكري 227",
    ],
    "sednaya": [
        "Sednaya", "Saydnaya", "Sidnaya", "Saidnaya", "صيدنايا", "Sednaya prison",
        "سجن صيدنايا العسكري", "سجن صيدنايا", "Prison de Saydnaya", "SAYDNAYA MILITARY PRISON",
        "صيدنايا.", "sednaya-prison",
    ],
    "sednaya_red": [
        "المبنى الأحمر", "البناء الأحمر", "صيدنايا - المبنى الأحمر", "Red Building",
        "Sednaya (red building)", "Saydnaya military prison, red building",
        "المبني الاحمر صيدنايا",
    ],
    "sednaya_white": [
        "المبنى الأبيض", "المبنى الابيض", "صيدنايا الأبيض", "White Building",
        "Saydnaya white building", "white bldg Sednaya",
    ],
    "mi_235": [
        "235", "Branch 235", "الفرع 235", "ف ٢٣٥", "Palestine Branch", "فرع فلسطين",
        "فرع فلسطين 235", "Far' Falastin", "Branche Palestine", "Military Intelligence 235",
    ],
    "mi_215": ["215", "الفرع 215", "سرية المداهمة", "Raids Brigade", "Branch 215"],
    "mi_248": ["248", "فرع التحقيق العسكري", "Military Investigation Branch", "ف 248"],
    "mi_291": ["291", "Branch 291", "الفرع ٢٩١"],
    "gi_251": ["251", "فرع الخطيب", "al-Khatib branch", "Al Khatib", "State Security Branch 251"],
    "afi_mezzeh": [
        "مطار المزة العسكري", "مطار المزة", "Mezzeh military airport", "Mezze airport",
        "المخابرات الجوية في مطار المزة", "Air Force Intelligence Mezzeh",
    ],
    "afi_harasta": ["المخابرات الجوية في حرستا", "Air Force Intelligence Harasta", "فرع حرستا"],
    "afi_aleppo": ["المخابرات الجوية بحلب", "Air Force Intelligence Aleppo", "AFI Aleppo"],
    "ps_damascus": ["الأمن السياسي", "Political Security", "فرع الأمن السياسي في دمشق"],
    "mp_qaboun": [
        "الشرطة العسكرية في القابون", "Military Police Qaboun", "الشرطة العسكرية بالقابون",
    ],
    "adra": [
        "Adra", "Adraa", "Adhra", "عدرا", "سجن عدرا", "سجن عدرا المركزي", "Adra prison",
        "Damascus Central Prison", "سجن دمشق المركزي", "prison centrale d'Adra", "Adraa centrale",
    ],
    "aleppo_central": ["Aleppo Central Prison", "سجن حلب المركزي", "سجن حلب", "prison d'Alep"],
    "homs_central": ["Homs Central Prison", "سجن حمص المركزي"],
    "hama_central": ["Hama Central Prison", "سجن حماة", "سجن حماه المركزي"],
    "tadmur": [
        "Tadmur", "Tadmor", "Palmyra", "تدمر", "سجن تدمر", "سجن تدمر العسكري", "Tadmor prison",
        "Palmyra prison", "Prison de Palmyre", "Tadmor prisn",
    ],
    "mezzeh_prison": ["سجن المزة العسكري", "Mezzeh military prison", "Mazzeh prison"],
    "mi_261": ["261", "Branch 261", "الأمن العسكري بحمص", "Military Intelligence Homs"],
    "mi_290": ["290", "الأمن العسكري في حلب", "Military Intelligence Aleppo"],
    "hospital_601": ["601", "Military Hospital 601", "مشفى 601", "مشفى المزة العسكري"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("label", "expected"),
    [(label, fid) for fid, labels in FACILITY_GROUPS.items() for label in labels],
)
def test_facility_labels_resolve(label: str, expected: str) -> None:
    m = places.resolve_facility(label)
    assert m is not None, label
    assert m.kind == "facility"
    assert m.id == expected, (label, m)
    assert m.confidence >= 0.95, (label, m)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Saydnaia", "sednaya"),
        ("Siednaya prison", "sednaya"),
        ("Tadmoor prison", "tadmur"),
        ("Adhraa prison", "adra"),
        ("Palestin Branch", "mi_235"),
        ("سجن صدنايا", "sednaya"),
        ("Sidnaya red bilding", "sednaya_red"),
    ],
)
def test_misspelt_facilities_resolve_with_lower_confidence(label: str, expected: str) -> None:
    m = places.resolve_facility(label)
    assert m is not None and m.id == expected, (label, m)
    assert 0.7 <= m.confidence < 0.95, (label, m)


def test_red_and_white_buildings_are_distinct() -> None:
    red = places.resolve_facility("المبنى الأحمر")
    white = places.resolve_facility("المبنى الأبيض")
    compound = places.resolve_facility("صيدنايا")
    assert red and white and compound
    assert len({red.id, white.id, compound.id}) == 3


def _must(m: places.PlaceMatch | None) -> places.PlaceMatch:
    assert m is not None
    return m


def test_palestine_branch_is_235_in_every_form() -> None:
    ids = {_must(places.resolve_facility(t)).id for t in ("235", "Palestine Branch", "فرع فلسطين")}
    assert ids == {"mi_235"}


@pytest.mark.parametrize(
    "label",
    [
        "Branch 999", "الفرع 100", "ف ٩٩٩", "Branch 228", "Military Intelligence Branch 2270",
        "ف 22", "Military Intelligence", "المخابرات الجوية", "فرع", "Branch", "prison", "سجن",
        "Central Prison", "Mezzeh", "Aleppo",
    ],
)  # fmt: skip
def test_unknown_or_ambiguous_facilities_do_not_resolve_confidently(label: str) -> None:
    m = places.resolve_facility(label)
    assert m is None or m.confidence < 0.7, (label, m)


@pytest.mark.parametrize(
    "label",
    ["Palestine Branch 227", "Air Force Intelligence 227", "Branch 215 / 227", "فرع 251 الجوية"],
)
def test_contradicting_labels_are_marked_down(label: str) -> None:
    m = places.resolve_facility(label)
    assert m is None or m.confidence <= 0.6, (label, m)


def test_an_agency_the_facility_does_not_have_is_doubted() -> None:
    assert places.resolve_facility("Political Security Homs") is None
    adra = _must(places.resolve_facility("Air Force Intelligence Adra"))
    assert adra.id == "adra" and adra.confidence < 0.8
    sednaya = _must(places.resolve_facility("Military Police Sednaya prison"))
    assert sednaya.id == "sednaya" and sednaya.confidence >= 0.95


@pytest.mark.parametrize(
    "label",
    ["", "   ", "xyzzy plugh", "qwerty asdf", "!!!", "12", "ـــ", "مجهول", "unknown", "Beirut",
     "Hassan", "القاهرة"],
)  # fmt: skip
def test_nonsense_resolves_to_nothing(label: str) -> None:
    assert places.resolve(label) is None


def test_bare_prison_town_names_prefer_the_prison_unless_asked_for_a_place() -> None:
    assert _must(places.resolve("صيدنايا")).kind == "facility"
    assert _must(places.resolve("Tadmur")).kind == "facility"
    town = _must(places.resolve_place("صيدنايا"))
    assert (town.kind, town.id) == ("town", "sednaya")
    assert _must(places.resolve("Palmyra", "town")).id == "tadmur"


# --- towns and governorates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind", "expected"),
    [
        ("Damascus", "governorate", "damascus"),
        ("دمشق", "governorate", "damascus"),
        ("Damas", "governorate", "damascus"),
        ("محافظة دمشق", "governorate", "damascus"),
        ("Rif Dimashq", "governorate", "rif_dimashq"),
        ("ريف دمشق", "governorate", "rif_dimashq"),
        ("Rif de Damas", "governorate", "rif_dimashq"),
        ("Damascus countryside", "governorate", "rif_dimashq"),
        ("Alep", "governorate", "aleppo"),
        ("ريف حلب الشمالي", "governorate", "aleppo"),
        ("Homs countryside", "governorate", "homs"),
        ("Lattaquié", "governorate", "latakia"),
        ("Tartous", "governorate", "tartus"),
        ("Idleb", "governorate", "idlib"),
        ("إدلب", "governorate", "idlib"),
        ("Deir ez-Zor", "governorate", "deir_ez_zor"),
        ("Deir al-Zour", "governorate", "deir_ez_zor"),
        ("Dayr az-Zawr", "governorate", "deir_ez_zor"),
        ("Deir Ezzor", "governorate", "deir_ez_zor"),
        ("دير الزور", "governorate", "deir_ez_zor"),
        ("Hassaké", "governorate", "hasakah"),
        ("الحسكة", "governorate", "hasakah"),
        ("Deraa", "governorate", "daraa"),
        ("درعا", "governorate", "daraa"),
        ("Soueïda", "governorate", "suwayda"),
        ("السويداء", "governorate", "suwayda"),
        ("Kuneitra", "governorate", "quneitra"),
        ("القنيطرة", "governorate", "quneitra"),
        ("Raqqa", "governorate", "raqqa"),
        ("الرقة", "governorate", "raqqa"),
        ("Hama", "governorate", "hama"),
        ("حماه", "governorate", "hama"),
        ("Douma", "town", "douma"),
        ("Duma", "town", "douma"),
        ("دوما", "town", "douma"),
        ("Darayya", "town", "darayya"),
        ("Daraya", "town", "darayya"),
        ("داريا", "town", "darayya"),
        ("Qamishli", "town", "qamishli"),
        ("Kamishli", "town", "qamishli"),
        ("Al-Qamishli", "town", "qamishli"),
        ("Qamichli", "town", "qamishli"),
        ("القامشلي", "town", "qamishli"),
        ("Alep", "town", "aleppo"),
        ("Lattaquié", "town", "latakia"),
        ("Homs", "town", "homs"),
        ("حمص", "town", "homs"),
        ("Maarat al-Numan", "town", "maarat_al_numan"),
        ("معرة النعمان", "town", "maarat_al_numan"),
        ("Jisr el-Choghour", "town", "jisr_al_shughur"),
        ("Khan Cheikhoun", "town", "khan_shaykhun"),
        ("Al-Bukamal", "town", "abu_kamal"),
        ("البوكمال", "town", "abu_kamal"),
        ("Ras al-Ain", "town", "ras_al_ayn"),
        ("Kafr Nabel", "town", "kafranbel"),
        ("مواليد دمشق", "town", "damascus"),
        ("مدينة حلب", "town", "aleppo"),
    ],
)
def test_places_resolve(label: str, kind: str, expected: str) -> None:
    m = places.resolve(label, kind)
    assert m is not None, label
    assert (m.kind, m.id) == (kind, expected), (label, m)
    assert m.confidence >= 0.95, (label, m)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Douma, Rif Dimashq", "douma"),
        ("دوما - ريف دمشق", "douma"),
        ("دوما ريف دمشق", "douma"),
        ("Kafranbel (Idlib)", "kafranbel"),
        ("Idlib, Kafranbel", "kafranbel"),
        ("Aleppo, Syria", "aleppo"),
    ],
)
def test_town_with_its_governorate(label: str, expected: str) -> None:
    m = places.resolve_place(label)
    assert m is not None and (m.kind, m.id) == ("town", expected), (label, m)
    assert m.confidence >= 0.95


def test_town_in_the_wrong_governorate_is_marked_down() -> None:
    m = places.resolve_place("Douma, Aleppo")
    assert m is not None and m.id == "douma"
    assert m.confidence < 0.8


def test_town_asked_as_governorate_gives_its_governorate() -> None:
    m = places.resolve("Douma", "governorate")
    assert m is not None and (m.kind, m.id) == ("governorate", "rif_dimashq")
    assert 0.8 <= m.confidence < 0.95


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Qamishly", "qamishli"), ("Deir Ezor", "deir_ez_zor"), ("Alqamishli", "qamishli"),
     ("Muadamiya", "moadamiyah"), ("Harastaa", "harasta"), ("Jablé", "jableh")],
)  # fmt: skip
def test_misspelt_places_resolve_with_lower_confidence(label: str, expected: str) -> None:
    m = places.resolve_place(label)
    assert m is not None and m.id == expected, (label, m)
    assert 0.7 <= m.confidence < 0.95, (label, m)


def test_prefers_the_town_over_the_governorate_of_the_same_name() -> None:
    m = places.resolve_place("Aleppo")
    assert m is not None and (m.kind, m.id) == ("town", "aleppo")


def test_match_carries_coordinates_and_accuracy() -> None:
    m = places.resolve("سجن صيدنايا")
    assert m is not None
    f = places.facility(m.id)
    assert (m.lat, m.lon, m.accuracy, m.governorate) == (f.lat, f.lon, f.accuracy, "rif_dimashq")
    g = places.resolve("Rif Dimashq")
    assert g is not None and g.accuracy == "governorate_seat"


def test_bad_kind_is_an_error() -> None:
    with pytest.raises(ValueError):
        places.resolve("Damascus", "country")


# --- CLI ---------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_resolve_prints_each_match() -> None:
    result = runner.invoke(app, ["resolve", "ف 227", "Saydnaya", "Deir Ezzor"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    assert "mi_227" in lines[0] and "الفرع 227" in lines[0] and "city_centroid" in lines[0]
    assert "sednaya" in lines[1] and "exact_site" in lines[1] and "33.6653" in lines[1]
    assert "town deir_ez_zor" in lines[2] and "دير الزور" in lines[2]


def test_cli_resolve_json_and_exit_code() -> None:
    result = runner.invoke(app, ["resolve", "--json", "فرع فلسطين", "no such place xyz"])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert rows[0]["text"] == "فرع فلسطين"
    assert rows[0]["match"]["id"] == "mi_235" and rows[0]["match"]["kind"] == "facility"
    assert rows[0]["match"]["confidence"] >= 0.95
    assert {"lat", "lon", "accuracy", "name_en", "name_ar"} <= rows[0]["match"].keys()
    assert rows[1] == {"text": "no such place xyz", "match": None}


def test_cli_resolve_kind() -> None:
    result = runner.invoke(app, ["resolve", "--kind", "town", "--json", "Sednaya"])
    assert result.exit_code == 0
    assert json.loads(result.output)["match"]["kind"] == "town"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("facility", "sednaya"), ("town", "qamishli"), ("governorate", "rif_dimashq")],
)
def test_cli_list(kind: str, expected: str) -> None:
    result = runner.invoke(app, ["list", "--kind", kind], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_cli_list_defaults_to_facilities() -> None:
    result = runner.invoke(app, ["list"], terminal_width=200)
    assert result.exit_code == 0
    assert "mi_235" in result.output


@pytest.mark.parametrize(
    "labels",
    [
        ("الفرع 238", "Branch 238", "ف ٢٣٨", "Military Intelligence Branch 238"),
        ("فرع الأمن السياسي في طرطوس", "الأمن السياسي - طرطوس", "Political Security Tartus"),
        ("فرع المخابرات الجوية بطرطوس", "Air Force Intelligence Tartus"),
    ],
)
def test_labels_of_one_facility_the_gazetteer_lacks_share_a_key(labels: tuple[str, ...]) -> None:
    assert all(resolve_facility(label) is None for label in labels)
    keys = {unknown_facility_key(label) for label in labels}
    assert len(keys) == 1 and next(iter(keys)).startswith("~")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الفرع 238", "الفرع 239"),
        ("فرع المخابرات الجوية بطرطوس", "فرع الأمن السياسي في طرطوس"),  # another agency
        ("سجن طرطوس العسكري", "فرع المخابرات الجوية بطرطوس"),  # a prison, a branch
        ("فرع الأمن الجنائي في السلمية", "فرع الأمن الجنائي في مصياف"),
    ],
)
def test_other_unknown_facilities_get_other_keys(a: str, b: str) -> None:
    assert unknown_facility_key(a) != unknown_facility_key(b)


@pytest.mark.parametrize("label", ["سجن", "Prison", "فرع", "Branch", ""])
def test_a_label_without_a_name_word_names_no_facility(label: str) -> None:
    assert unknown_facility_key(label) == ""
