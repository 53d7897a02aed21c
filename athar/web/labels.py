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
