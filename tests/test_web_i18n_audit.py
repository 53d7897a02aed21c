"""What the usability audit found untranslated or wrongly counted on Arabic pages: the Arabic
plural rule and every plural entry of the catalogue; the domain's messages (import problems and
notes, unreadable files, sightings) translated on pages and English on the command line; the
link model's labels; the re-link progress; a page asked with an unreadable parameter."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from web_evidence_support import app_client, as_user, config, store

import athar
from athar.ingest.dates import parse_date
from athar.ingest.messages import Said
from athar.web.evidence import job_message
from athar.web.i18n import po_path, translated, translations
from athar.web.labels import MATCH_LABELS
from athar.web.templating import environment

__all__ = ["app_client", "config", "store"]  # fixtures

ROOT = Path(athar.__file__).resolve().parent
AR = translations("ar")
#: Which form of an Arabic plural entry each count takes (CLDR: zero, one, two, few, many, other).
FORM_OF = {0: 0, 1: 1, 2: 2, 3: 3, 7: 3, 10: 3, 103: 3, 110: 3}
FORM_OF |= {11: 4, 23: 4, 99: 4, 111: 4, 199: 4, 100: 5, 101: 5, 102: 5, 200: 5}
TANWEEN_FATH = "\u064b"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
NUM = re.compile(r"%\(num\)[ds]")


def arabic_catalogue() -> Iterator[tuple[str, str | tuple[str, ...], str | tuple[str, ...]]]:
    with po_path("ar").open("rb") as fh:
        catalog = read_po(fh, locale="ar")
    for message in catalog:
        if message.id:
            yield message.id, message.string, message.flags  # type: ignore[misc]


def plural_entries() -> list[tuple[tuple[str, str], tuple[str, ...]]]:
    return [
        (msgid, strings)  # type: ignore[misc]
        for msgid, strings, _ in arabic_catalogue()
        if isinstance(msgid, tuple)
    ]


# ------------------------------------------------------------------------ plurals


def test_every_arabic_plural_entry_follows_the_cldr_rule() -> None:
    entries = plural_entries()
    assert len(entries) >= 10
    for (singular, plural), forms in entries:
        assert len(forms) == 6 and all(forms), singular
        for n, index in FORM_OF.items():
            said = AR.ngettext(singular, plural, n) % {"num": n}
            assert said == forms[index] % {"num": n}, (singular, n)


def test_the_many_form_is_the_singular_accusative_and_other_the_genitive() -> None:
    """11–99 count with the tamyiz (سجلًا، شخصًا), 100–102 with the bare singular (سجل)."""
    for (singular, _), forms in plural_entries():
        assert NUM.search(forms[4]) and NUM.search(forms[5]), singular
        many = NUM.split(forms[4], 1)[1].split()[0]
        other = NUM.split(forms[5], 1)[1].split()[0]
        assert TANWEEN_FATH in many, (singular, forms[4])
        assert TANWEEN_FATH not in other, (singular, forms[5])


def test_arabic_counts_read_as_arabic_counts() -> None:
    def records(n: int) -> str:
        return str(AR.ngettext("%(num)d record", "%(num)d records", n) % {"num": n})

    assert records(11) == "11 سجلًا" and records(99) == "99 سجلًا"
    assert records(5) == "5 سجلات" and records(100) == "100 سجل"
    found = AR.ngettext(
        "%(num)d person found, best first.", "%(num)d persons found, best first.", 23
    )
    assert found % {"num": 23} == "عُثر على 23 شخصًا، الأقرب أولًا."
    problems = AR.ngettext("%(num)d problem", "%(num)d problems", 4)
    assert problems % {"num": 4} == "4 مشكلات"


# ----------------------------------------------------------- the domain's messages


def _said_msgids(folder: Path) -> set[str]:
    """The msgids of every ``say("…")`` of the modules in ``folder``."""
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_message_of_the_domain_has_an_arabic_translation() -> None:
    msgids = _said_msgids(ROOT / "ingest") | _said_msgids(ROOT / "sightings")
    assert {"empty row", "not a date", "%(month)s %(year)s has no day %(day)s"} <= msgids
    strings = {m: s for m, s, _ in arabic_catalogue() if isinstance(m, str)}
    for msgid in msgids:
        assert strings.get(msgid), f"no Arabic for {msgid!r}"
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(strings[msgid]))  # type: ignore[arg-type]


def test_a_problem_is_english_for_the_terminal_and_arabic_on_a_page() -> None:
    _, no_day = parse_date("31/02/1988")
    assert isinstance(no_day, Said) and no_day == "February 1988 has no day 31"
    assert translated(no_day, AR.gettext) == "لا يوجد يوم 31 في شباط 1988"
    assert translated(parse_date("1990-13-01")[1], AR.gettext) == "لا يوجد شهر رقمه 13"
    assert translated(no_day, translations("en").gettext) == "February 1988 has no day 31"
    # a message the catalogue does not know keeps its English
    assert translated(Said("a new problem %(x)s", {"x": 1}), AR.gettext) == "a new problem 1"


IMPORT_CSV = (
    "given_name,family_name,birth_date\n"
    "محمد,الحلبي,31/02/1988\n"
    ",,\n"
    "خالد,الشامي,1990-13-01\n"
    "عمر,درويش,abc\n"
    "سامر,العلي,1985\n"
)


def test_the_import_preview_speaks_arabic(app_client: TestClient) -> None:
    c, token = as_user(app_client, "caseworker")
    made = c.post(
        "/import",
        files={"file": ("list.csv", IMPORT_CSV.encode(), "text/csv")},
        data={"source": "list", "kind": "ngo_list", "csrf_token": token},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = c.get(made.headers["location"]).text
    for arabic in (
        "لا يوجد يوم 31 في شباط 1988",
        "لا يوجد شهر رقمه 13",
        "صف فارغ",
        "ليس تاريخًا",
        "لا عمود record_id",
        "قُرئت 5 صفوف",
        "4 مشكلات",
    ):
        assert arabic in page, arabic
    for english in ("has no day", "no month 13", "empty row", "not a date", "row(s)"):
        assert english not in page, english
    # the JSON API and the English page keep the English
    api = c.get(f"/api{made.headers['location']}").json()
    assert "February 1988 has no day 31" in [p["problem"] for p in api["report"]["problems"]]
    c.cookies.set("athar_lang", "en")
    english_page = c.get(made.headers["location"]).text
    assert "February 1988 has no day 31" in english_page and "4 problems" in english_page


def test_an_unreadable_file_is_named_in_arabic(app_client: TestClient) -> None:
    c, token = as_user(app_client, "caseworker")
    made = c.post(
        "/import",
        files={"file": ("junk.xlsx", b"not a workbook at all", "application/octet-stream")},
        data={"source": "junk", "csrf_token": token},
        follow_redirects=False,
    )
    page = c.get(made.headers["location"]).text
    assert "الملف junk.xlsx: ليس مصنّف XLSX (ليس أرشيف zip)" in page
    assert "not a zip archive" not in page
    empty = c.post(
        "/import",
        files={"file": ("empty.csv", b"", "text/csv")},
        data={"csrf_token": token},
    )
    assert empty.status_code == 400 and "الملف فارغ" in empty.text


def test_an_unknown_facility_is_explained_to_the_caseworker_in_arabic(
    app_client: TestClient,
) -> None:
    c, token = as_user(app_client, "caseworker")
    form = {
        "given_name": "خالد",
        "family_name": "الحلبي",
        "seen_date": "2016-05",
        "witness_name": "أم فادي",
        "csrf_token": token,
    }
    unknown = c.post("/sightings/new", data=form | {"facility": "Mars Prison"})
    assert unknown.status_code == 400
    assert "«Mars Prison» ليس مركز احتجاز يعرفه أثر" in unknown.text
    assert "athar places list" not in unknown.text
    bad_date = c.post("/sightings/new", data=form | {"facility": "Saydnaya", "birth_date": "abc"})
    assert bad_date.status_code == 400 and "ليس تاريخًا" in bad_date.text


# ------------------------------------------------------------------ link words


def test_every_label_of_the_link_model_has_arabic() -> None:
    from athar.link.model import level_labels
    from athar.link.pipeline import RULES
    from athar.link.settings import explanation_columns, settings

    levels = level_labels(settings().get_settings("duckdb").as_dict())
    labels = {label for by_value in levels.values() for label in by_value.values()}
    labels |= set(explanation_columns().values()) | set(RULES)
    assert {"same name", "Exact match on sex", "same year, one gives only the year"} <= labels
    missing = sorted(labels - set(MATCH_LABELS))
    assert not missing, f"labels without a translation in MATCH_LABELS: {missing}"
    strings = {m: s for m, s, _ in arabic_catalogue() if isinstance(m, str)}
    for label in labels:
        assert strings.get(MATCH_LABELS[label]), f"no Arabic for {MATCH_LABELS[label]!r}"


def test_the_match_label_filter_translates_and_leaves_the_unknown_alone() -> None:
    show = environment.from_string("{{ label|match_label }}")
    assert show.render(label="same name", gettext=AR.gettext) == "الاسم نفسه"
    assert show.render(label="Exact match on sex", gettext=AR.gettext) == "الجنس نفسه"
    assert show.render(label="model", gettext=AR.gettext) == "النموذج"
    assert show.render(label="some new level", gettext=AR.gettext) == "some new level"


# -------------------------------------------------------------- re-link progress


def _progress_messages(path: Path, names: set[str]) -> list[str]:
    """Every message ``path`` reports through a call of one of ``names``: literal text as it
    is, an f-string with a sample number in each of its fields."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in names or not node.args:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.append(arg.value)
        elif isinstance(arg, ast.JoinedStr):
            out.append(
                "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "3,224" for v in arg.values
                )
            )
    return out


def test_every_progress_message_of_the_jobs_is_translated() -> None:
    messages = _progress_messages(ROOT / "link" / "pipeline.py", {"say"})
    messages += _progress_messages(ROOT / "jobs.py", {"progress"})
    assert "training the model on 3,224 records" in messages and len(messages) >= 9
    for message in messages:
        arabic = job_message(message, AR.gettext)
        assert arabic != message, f"no Arabic for the job message {message!r}"
        assert not re.search(r"[A-Za-z]{3}", arabic), arabic
    assert job_message("training the model on 3,224 records", AR.gettext) == (
        "تدريب النموذج على السجلات (3,224)"
    )
    assert job_message("something new", AR.gettext) == "something new"


# ------------------------------------------------------------------ bad parameters


def test_a_page_with_an_unreadable_parameter_answers_a_page(app_client: TestClient) -> None:
    c, _ = as_user(app_client, "analyst")
    page = c.get("/search?q=Ahmad&limit=abc")
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "تعذّرت قراءة هذا العنوان" in page.text and '<code dir="ltr">limit</code>' in page.text
    assert "int_parsing" not in page.text
    api = c.get("/api/search?q=Ahmad&limit=abc")
    assert api.status_code == 422 and api.json()["detail"][0]["type"] == "int_parsing"
    anonymous = TestClient(app_client.app).get("/search?q=Ahmad&limit=abc", follow_redirects=False)
    assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]


def test_the_job_page_counts_in_arabic() -> None:
    from datetime import datetime
    from types import SimpleNamespace

    from athar.web.evidence import JOB_STATES

    job = SimpleNamespace(
        id="j",
        kind="link",
        state="done",
        finished_or_failed=True,
        message="",
        by="caseworker",
        created=datetime(2026, 1, 1),
        error="",
        result={
            "run_id": 3,
            "records": 3224,
            "persons": 23,
            "inquiries": {"note": "", "matched": 13, "new_candidates": 5},
        },
    )
    page = environment.get_template("evidence/_job.html").render(
        job=job, _=AR.gettext, gettext=AR.gettext, ngettext=AR.ngettext, job_states=JOB_STATES
    )
    assert "العملية 3 — السجلات: 3,224 سجلًّا · الأشخاص: 23 شخصًا." in page
    assert "أُعيدت مطابقة 13 استفسارًا مفتوحًا، 5 مرشحين جدد." in page
