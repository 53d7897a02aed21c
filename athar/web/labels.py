"""Words people read for the registry's codes, shared by every page: canonical fields, source
kinds and statuses (each a msgid of the catalogues)."""

from __future__ import annotations

from athar.web.sections import N_

#: Canonical fields as people read them.
FIELD_LABELS: dict[str, str] = {
    "record_id": N_("Record id"),
    "source": N_("Source"),
    "source_kind": N_("Source kind"),
    "full_name": N_("Full name"),
    "given_name": N_("Given name"),
    "father_name": N_("Father's name"),
    "grandfather_name": N_("Grandfather's name"),
    "family_name": N_("Family name"),
    "mother_name": N_("Mother's name"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birth_place": N_("Place of birth"),
    "governorate": N_("Governorate"),
    "residence": N_("Place of residence"),
    "national_id": N_("National number"),
    "facility": N_("Facility"),
    "detainee_number": N_("Detainee number"),
    "event_date": N_("Event date"),
    "status": N_("Status"),
    "notes": N_("Notes"),
}

KIND_LABELS: dict[str, str] = {
    "family_report": N_("family report"),
    "prison_register": N_("prison register"),
    "release_list": N_("release list"),
    "ngo_list": N_("NGO list"),
    "death_record": N_("death record"),
    "witness_statement": N_("witness statement"),
}

STATUS_LABELS: dict[str, str] = {
    "detained": N_("detained"),
    "released": N_("released"),
    "deceased": N_("deceased"),
    "missing": N_("missing"),
    "unknown": N_("unknown"),
}

#: The link model's words (``athar.link.settings``) as people read them, keyed by the English the
#: model stores with every scored pair: comparison labels, level labels (``label_for_charts``) and
#: the rule that scored a pair. Every label the settings can produce must be here (a test checks).
MATCH_LABELS: dict[str, str] = {
    # comparisons
    "given name": N_("Given name"),
    "father's name": N_("Father's name"),
    "grandfather's name": N_("Grandfather's name"),
    "family name": N_("Family name"),
    "mother's name": N_("Mother's name"),
    "father, grandfather and family name": N_("Father, grandfather and family name"),
    "birth date": N_("Birth date"),
    "place of birth": N_("Place of birth"),
    "date of arrest": N_("Date of arrest"),
    "place of residence": N_("Place of residence"),
    "sex": N_("Sex"),
    "facility": N_("Facility"),
    "national number": N_("National number"),
    "detainee number": N_("Detainee number"),
    "arrest and end of detention": N_("Arrest and end of detention"),
    "fate": N_("Fate"),
    # levels
    "same": N_("same"),
    "different": N_("different"),
    "missing": N_("missing"),
    "All other comparisons": N_("different"),
    "Exact match on sex": N_("same sex"),
    "same writing": N_("same writing"),
    "same name": N_("same name"),
    "same name in another reading": N_("same name in another reading"),
    "same key": N_("same key"),
    "close spelling": N_("close spelling"),
    "different names": N_("different names"),
    "different spelling": N_("different spelling"),
    "same letters without dots": N_("same letters without dots"),
    "similar Latin writing": N_("similar Latin writing"),
    "given and father's names swapped": N_("given and father's names swapped"),
    "given and family names swapped (no evidence)": N_(
        "given and family names swapped (no evidence)"
    ),
    "swapped (no evidence)": N_("swapped (no evidence)"),
    "father, grandfather and family agree": N_("father, grandfather and family agree"),
    "father and family agree": N_("father and family agree"),
    "father agrees, a family name missing": N_("father agrees, a family name missing"),
    "family agrees, father or grandfather differs": N_(
        "family agrees, father or grandfather differs"
    ),
    "father agrees, family differs": N_("father agrees, family differs"),
    "same family name": N_("same family name"),
    "one's family name is the other's father's name": N_(
        "one's family name is the other's father's name"
    ),
    "one's family name is the other's given name": N_(
        "one's family name is the other's given name"
    ),
    "one's family name is not the other's father's name": N_(
        "one's family name is not the other's father's name"
    ),
    "same year, one gives only the year": N_("same year, one gives only the year"),
    "same year, other month": N_("same year, other month"),
    "same year, other day": N_("same year, other day"),
    "a year apart": N_("a year apart"),
    "same date": N_("same date"),
    "day and month swapped": N_("day and month swapped"),
    "within 3 years": N_("within 3 years"),
    "same day": N_("same day"),
    "same month": N_("same month"),
    "within a month": N_("within a month"),
    "same town": N_("same town"),
    "same place as written": N_("same place as written"),
    "same governorate": N_("same governorate"),
    "same address": N_("same address"),
    "mostly the same address": N_("mostly the same address"),
    "half the address agrees": N_("half the address agrees"),
    "some of the address agrees": N_("some of the address agrees"),
    "one digit off": N_("one digit off"),
    "same number, same facility": N_("same number, same facility"),
    "same number, a facility not named": N_("same number, a facility not named"),
    "same number, another facility": N_("same number, another facility"),
    "another number at the same facility": N_("another number at the same facility"),
    "another number, another facility": N_("another number, another facility"),
    "transferred from one to the other": N_("transferred from one to the other"),
    "ended the same day": N_("ended the same day"),
    "ended the same year": N_("ended the same year"),
    "ended the year of the arrest": N_("ended the year of the arrest"),
    "ended 1–2 years after the arrest": N_("ended 1–2 years after the arrest"),
    "ended before the arrest": N_("ended before the arrest"),
    "ended later, or in other years": N_("ended later, or in other years"),
    "both released": N_("both released"),
    "both died": N_("both died"),
    "one released, the other died": N_("one released, the other died"),
    "same status": N_("same status"),
    "different status": N_("different status"),
    # rules (``athar.link.pipeline.RULES``)
    "model": N_("the model"),
    "national_id": N_("same national number"),
    "facility_number": N_("same detainee number at the same facility"),
}
