"""The words sources use: statuses, titles and notes in Arabic, English and French.

Statuses are free text on purpose: importers must map "Disparu de force", "مختفٍ قسرياً" and
"missing" to one canonical status, and keep the original.
"""

from __future__ import annotations

from typing import Final

# What a family knows when it files a report: usually only that the person was taken.
FAMILY_TAKEN: Final = {
    "en": (
        "Forcibly disappeared",
        "missing",
        "Missing since arrest",
        "arrested at checkpoint",
        "Arrested",
        "detained",
        "Abducted",
        "No news since arrest",
        "detained by security forces",
        "still detained",
        "Enforced disappearance",
    ),
    "fr": (
        "Disparu de force",
        "disparu",
        "Arrêté à un checkpoint",
        "arrêté",
        "Détenu",
        "Enlevé",
        "Sans nouvelles depuis son arrestation",
        "toujours détenu",
        "Disparition forcée",
    ),
}
FAMILY_DIED: Final = {
    "en": ("Died under torture", "died in detention", "Killed in custody", "deceased"),
    "fr": ("Mort sous la torture", "décédé en détention", "Tué en détention", "décédé"),
}
FAMILY_RELEASED: Final = {
    "en": ("Released", "released in amnesty", "released, lives abroad now"),
    "fr": ("Libéré", "libéré lors d'une amnistie", "Relâché"),
}

REGISTER_HELD: Final = (
    "موقوف",
    "موقوف",
    "قيد التحقيق",
    "محال إلى محكمة الميدان العسكرية",
    "محال إلى محكمة قضايا الإرهاب",
    "محال إلى القضاء العسكري",
    "محال إلى النيابة العامة",
    "موقوف لصالح الفرع",
)
REGISTER_TRANSFERRED: Final = ("منقول إلى {facility}", "نقل إلى {facility}", "محول إلى {facility}")
REGISTER_RELEASED: Final = ("مخلى سبيله", "أخلي سبيله", "إخلاء سبيل", "مفرج عنه")
REGISTER_DIED: Final = ("متوفى", "توفي", "وفاة", "منقول إلى المشفى العسكري")

RELEASE_STATUS: Final = (
    "أخلي سبيله",
    "مفرج عنه",
    "أفرج عنه بموجب مرسوم العفو",
    "إخلاء سبيل",
    "مخلى سبيله",
    "أطلق سراحه",
)

NGO_STATUS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "missing": {
        "en": ("Forcibly disappeared", "Missing", "Enforced disappearance", "Disappeared"),
        "fr": ("Disparu de force", "Disparition forcée", "Disparu"),
        "ar": ("مختفٍ قسرياً", "مختفي قسرياً", "مفقود", "مجهول المصير"),
    },
    "detained": {
        "en": ("Detained", "Arbitrarily detained", "In detention", "Still detained"),
        "fr": ("Détenu", "Détention arbitraire", "En détention"),
        "ar": ("معتقل", "معتقل تعسفياً", "لا يزال معتقلاً"),
    },
    "released": {
        "en": ("Released", "Released (amnesty)", "Freed"),
        "fr": ("Libéré", "Libéré (amnistie)", "Relâché"),
        "ar": ("مفرج عنه", "أفرج عنه", "خرج من المعتقل"),
    },
    "deceased": {
        "en": ("Died in detention", "Killed under torture", "Deceased in custody", "Dead"),
        "fr": ("Décédé en détention", "Mort sous la torture", "Décédé"),
        "ar": ("متوفى في المعتقل", "قضى تحت التعذيب", "استشهد تحت التعذيب", "متوفى"),
    },
    "unknown": {
        "en": ("Unknown", "Fate unknown", "unknown"),
        "fr": ("Inconnu", "Sort inconnu"),
        "ar": ("غير معروف", "مجهول المصير"),
    },
}

DEATH_STATUS: Final = ("متوفى", "وفاة", "توفي", "حالة وفاة", "متوفى", "Deceased")
DEATH_CAUSES: Final = (
    "سبب الوفاة: توقف القلب والتنفس",
    "توقف قلب وتنفس",
    "سبب الوفاة: قصور كلوي",
    "",
    "",
)

HONORIFICS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "dr": {"en": ("Dr.", "Dr"), "fr": ("Dr", "Dr."), "ar": ("الدكتور", "د.")},
    "eng": {"en": ("Eng.", "Eng"), "fr": ("Ing.", "Eng."), "ar": ("المهندس", "م.")},
    "hajj": {"en": ("Hajj", "Haj"), "fr": ("Hadj", "Hajj"), "ar": ("الحاج",)},
    "sheikh": {"en": ("Sheikh", "Shaikh"), "fr": ("Cheikh",), "ar": ("الشيخ",)},
}

FAMILY_NOTES: Final = {
    "en": (
        "Arrested at a checkpoint in {town}",
        "Taken from {his} home in {town}",
        "Last seen in {facility}",
        "Reported by {his} brother",
        "Reported by {his} mother",
        "Arrested at the university",
        "Arrested with {his} brother",
        "A released detainee saw {him} in {facility}",
    ),
    "fr": (
        "Arrêté(e) à un checkpoint à {town}",
        "Enlevé(e) à son domicile à {town}",
        "Vu(e) pour la dernière fois à {facility}",
        "Signalé(e) par sa sœur",
        "Signalé(e) par son père",
    ),
}
REGISTER_NOTES: Final = (
    "التهمة: التظاهر",
    "التهمة: تمويل الإرهاب",
    "التهمة: التعامل مع المجموعات المسلحة",
    "بموجب برقية",
    "مطلوب للفرع",
)
NGO_NOTES: Final = {
    "en": ("Source: family", "Source: witness testimony", "Source: released detainee", "Verified"),
    "fr": ("Source : famille", "Source : témoin", "Vérifié"),
    "ar": ("المصدر: العائلة", "المصدر: شاهد", "تم التحقق"),
}

# Arabic and French statuses agree with the person: موقوف/موقوفة, Disparu/Disparue.
_FEMININE: Final = {
    "موقوف": "موقوفة",
    "سبيله": "سبيلها",
    "عنه": "عنها",
    "سراحه": "سراحها",
    "متوفى": "متوفاة",
    "توفي": "توفيت",
    "محال": "محالة",
    "منقول": "منقولة",
    "محول": "محولة",
    "نقل": "نقلت",
    "معتقل": "معتقلة",
    "معتقلاً": "معتقلةً",
    "مختفٍ": "مختفية",
    "مختفي": "مختفية",
    "مفقود": "مفقودة",
    "قضى": "قضت",
    "استشهد": "استشهدت",
    "خرج": "خرجت",
    "disparu": "disparue",
    "arrêté": "arrêtée",
    "détenu": "détenue",
    "enlevé": "enlevée",
    "libéré": "libérée",
    "décédé": "décédée",
    "mort": "morte",
    "tué": "tuée",
    "relâché": "relâchée",
}


def feminine(text: str) -> str:
    """The status as written of a woman."""
    words = []
    for word in text.split(" "):
        low = word.lower()
        fem = _FEMININE.get(low)
        if fem is None:
            words.append(word)
        elif word[:1].isupper():
            words.append(fem[0].upper() + fem[1:])
        else:
            words.append(fem)
    return " ".join(words)
