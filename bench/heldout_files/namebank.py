"""Name, place and facility tables written for this held-out test, apart from Athar's own tables.

Every name is "arabic:scheme". The scheme is this file's own romanization, from which the
Latin spellings are drawn: 7 ح, 3 ع, 2 ء, kh خ, gh غ, sh ش, th ث, dh ذ, q ق, S ص, D ض, T ط,
Z ظ; aa ii uu long vowels; ay aw diphthongs; a doubled consonant is a shadda; "al-" the article.
The number after a second colon is a frequency weight (default 1).
"""

MALE = """
محمد:mu7ammad:60
أحمد:a7mad:28
محمود:ma7muud:14
علي:3ali:12
خالد:khaalid:11
عمر:3umar:9
حسن:7asan:8
حسين:7usayn:7
عبد الله:3abd al-laah:9
عبد الرحمن:3abd al-ra7maan:6
مصطفى:muSTafaa:7
ياسر:yaasir:4
يوسف:yuusuf:7
إبراهيم:ibraahiim:7
عبد القادر:3abd al-qaadir:3
سامر:saamir:3
سامي:saami:3
فادي:faadi:3
رامي:raami:3
باسل:baasil:3
بشار:bashshaar:2
وائل:waa2il:3
مازن:maazin:2
ماهر:maahir:3
نبيل:nabiil:2
جمال:jamaal:2
كمال:kamaal:2
عادل:3aadil:2
سعيد:sa3iid:3
صالح:Saali7:3
طارق:Taariq:3
زياد:ziyaad:3
رياض:riyaaD:2
عماد:3imaad:3
عمار:3ammaar:4
عامر:3aamir:3
أنس:anas:4
أيمن:ayman:3
أسامة:usaama:4
إياد:iyaad:2
هيثم:haytham:2
غسان:ghassaan:2
حسان:7assaan:2
بلال:bilaal:3
حمزة:7amza:4
معاذ:mu3aadh:3
عبد الكريم:3abd al-kariim:2
عبد الرزاق:3abd al-razzaaq:2
عبد الحميد:3abd al-7amiid:2
عبد الناصر:3abd al-naaSir:2
عبد السلام:3abd al-salaam:2
عبد العزيز:3abd al-3aziiz:2
عبد الحكيم:3abd al-7akiim
عبد الباسط:3abd al-baasiT
عبد الغني:3abd al-ghani
عبد اللطيف:3abd al-laTiif
عبد المجيد:3abd al-majiid
عبد الهادي:3abd al-haadi
عبد الفتاح:3abd al-fattaa7
عبد الوهاب:3abd al-wahhaab
عبد المنعم:3abd al-mun3im
عبد الجليل:3abd al-jaliil
عبد الإله:3abd al-ilaah
فراس:firaas:2
مهند:muhannad:2
معتز:mu3tazz:2
منذر:mundhir
نزار:nizaar
هشام:hishaam:2
وليد:waliid:2
يحيى:ya7yaa:2
يزن:yazan
زكريا:zakariyyaa
سليمان:sulaymaan:2
سليم:saliim
شادي:shaadi
شريف:shariif
صبحي:Sub7i
ضياء:Diyaa2
عدنان:3adnaan:2
عثمان:3uthmaan:2
عصام:3iSaam:2
علاء:3alaa2:2
عمرو:3amr
عيسى:3iisaa
غياث:ghiyaath
فارس:faaris:2
فايز:faayiz
فؤاد:fu2aad
فيصل:faySal
قاسم:qaasim
قتيبة:qutayba
لؤي:lu2ayy
ماجد:maajid
مأمون:ma2muun
مالك:maalik
محسن:mu7sin
مراد:muraad
مروان:marwaan
مجد:majd
منير:muniir
موسى:muusaa
ناصر:naaSir
نادر:naadir
ناجي:naaji
نور الدين:nuur al-diin
محي الدين:mu7yi al-diin
هادي:haadi
هاني:haani
وسيم:wasiim
ياسين:yaasiin:2
يامن:yaamin
إسماعيل:ismaa3iil:2
إسلام:islaam
أكرم:akram
أمجد:amjad
أنور:anwar
أيهم:ayham
بسام:bassaam
بكر:bakr
توفيق:tawfiiq
جهاد:jihaad
جميل:jamiil
حازم:7aazim
حامد:7aamid
حسام:7usaam
حمدي:7amdi
خليل:khaliil:2
داود:daawuud
راتب:raatib
رضوان:riDwaan
رائد:raa2id
ربيع:rabii3
رشيد:rashiid
زهير:zuhayr
سعد:sa3d
سمير:samiir
شاهر:shaahir
شفيق:shafiiq
صلاح:Salaa7
طلال:Talaal
طه:Taha
عارف:3aarif
عرفان:3irfaan
عزت:3izzat
عيد:3iid
غازي:ghaazi
فهد:fahd
فواز:fawwaaz
كنان:kinaan
مصعب:muS3ab
معن:ma3n
منصور:manSuur
مهدي:mahdi
نضال:niDaal
نعمان:nu3maan
هلال:hilaal
وحيد:wa7iid
يعقوب:ya3quub
بهاء:bahaa2
تامر:taamir
ثائر:thaa2ir
جلال:jalaal
حكمت:7ikmat
خضر:khiDr
رامز:raamiz
زاهر:zaahir
سهيل:suhayl
شوقي:shawqi
محمد علي:mu7ammad 3ali:2
محمد خير:mu7ammad khayr:2
محمد نور:mu7ammad nuur
"""

FEMALE = """
فاطمة:faaTima:6
مريم:maryam:4
عائشة:3aa2isha:3
خديجة:khadiija:3
زينب:zaynab:2
رنا:rana:2
رشا:rasha:2
هبة:hiba:2
نور:nuur:2
ريم:riim:2
سارة:saara:2
لينا:liina
دعاء:du3aa2
أسماء:asmaa2:2
آمنة:aamina:2
سلمى:salmaa
سعاد:su3aad:2
سميرة:samiira
منى:munaa
هدى:hudaa:2
نادية:naadya
ليلى:laylaa
وفاء:wafaa2
رزان:razaan
رهف:rahaf
بشرى:bushraa
حنان:7anaan
أمل:amal:2
إيمان:iimaan
جميلة:jamiila
خلود:khuluud
دانة:daana
راما:raama
رغد:raghad
زهرة:zahra
سوسن:sawsan
شيماء:shaymaa2
صفاء:Safaa2
عبير:3abiir
علا:3ulaa
غادة:ghaada
فرح:fara7
لمى:lamaa
مها:mahaa
ميساء:maysaa2
نسرين:nisriin
نوال:nawaal
هالة:haala
هيفاء:hayfaa2
ياسمين:yaasmiin
آلاء:aalaa2
بتول:batuul
تسنيم:tasniim
جنى:janaa
حلا:7alaa
روان:rawaan
سناء:sanaa2
عفاف:3afaaf
كوثر:kawthar
ماجدة:maajida
نجاح:najaa7
وداد:widaad
انتصار:intiSaar
صباح:Sabaa7
"""

FAMILY = """
الحلبي:al-7alabi:8
الحمصي:al-7imSi:5
الشامي:al-shaami:4
الخطيب:al-khaTiib:6
المصري:al-maSri:4
الأحمد:al-a7mad:7
المحمد:al-mu7ammad:8
العلي:al-3ali:6
الحسن:al-7asan:5
الحسين:al-7usayn:5
العمر:al-3umar:4
الخليل:al-khaliil:3
الإبراهيم:al-ibraahiim:4
اليوسف:al-yuusuf:4
الصالح:al-Saali7:4
العبد الله:al-3abd al-laah:4
الحمود:al-7amuud:3
الجاسم:al-jaasim:3
الشيخ:al-shaykh:3
النجار:al-najjaar:3
الحداد:al-7addaad:3
الخياط:al-khayyaaT:2
العطار:al-3aTTaar:2
الحلاق:al-7allaaq:2
الدباغ:al-dabbaagh
السمان:al-sammaan
القصاب:al-qaSSaab:2
الطحان:al-Ta77aan
الزعبي:al-zu3bi:4
المقداد:al-miqdaad:2
الحريري:al-7ariiri:3
المسالمة:al-masaalma:2
الرفاعي:al-rifaa3i:2
الحوراني:al-7awraani:2
الشرع:al-shar3
الخضر:al-khiDr
الأسعد:al-as3ad:2
الأتاسي:al-ataasi
الجندي:al-jundi:2
السباعي:al-sibaa3i
الدروبي:al-duruubi
الزهراوي:al-zahraawi
العظم:al-3aZm
القباني:al-qabbaani
الكيالي:al-kayyaali
الطباع:al-Tabbaa3
الحكيم:al-7akiim
البيطار:al-bayTaar:2
الشهابي:al-shihaabi
العمري:al-3umari:2
الأيوبي:al-ayyuubi
الكردي:al-kurdi:3
التركماني:al-turkmaani
الدمشقي:al-dimashqi
الإدلبي:al-idlibi:2
الحموي:al-7amawi:3
الديري:al-dayri:2
الرقاوي:al-raqqaawi
الدرعاوي:al-dar3aawi
قدور:qadduur:2
حداد:7addaad:2
خليفة:khaliifa:2
عيسى:3iisaa
موسى:muusaa:2
سليمان:sulaymaan:2
عثمان:3uthmaan
حمدان:7amdaan:2
حمدون:7amduun
شحادة:sha7aada:2
بكور:bakkuur
قاسم:qaasim
حسون:7assuun:2
زيدان:zaydaan
سلوم:salluum
عبود:3abbuud:2
حمادة:7amaada:2
طه:Taha
درويش:darwiish:2
عرابي:3araabi
مراد:muraad
الأصفر:al-aSfar
الأبيض:al-abyaD
الأسود:al-aswad
الجمل:al-jamal
الدك:al-dakk
الفحام:al-fa77aam
الصباغ:al-Sabbaagh
البزرة:al-bizra
الحصري:al-7uSri
النحاس:al-na77aas
الحفار:al-7affaar
الكحال:al-ka77aal
الشماع:al-shammaa3
الساعاتي:al-saa3aati
الطويل:al-Tawiil
القصير:al-qaSiir
العيسى:al-3iisaa:2
المصطفى:al-muSTafaa:2
الموسى:al-muusaa:2
الناصر:al-naaSir
الخالد:al-khaalid:2
الحمد:al-7amad:2
السعيد:al-sa3iid:2
الرشيد:al-rashiid
العبيد:al-3ubayd:2
الفارس:al-faaris
الظاهر:al-Zaahir
الحاج:al-7aajj
الملا:al-mulla
الدرويش:al-darwiish
حجازي:7ijaazi
نعسان:na3saan
شيخ الأرض:shaykh al-arD
كلاس:kallaas
الخوري:al-khuuri
حنا:7anna
جبور:jabbuur
الأطرش:al-aTrash
أبو عساف:abu 3assaaf
أبو فخر:abu fakhr
أبو زيد:abu zayd:2
أبو حمدان:abu 7amdaan
أبو شقرا:abu shaqra
أبو الخير:abu al-khayr
أبو عمر:abu 3umar
أبو راس:abu raas
أبو صالح:abu Saali7
الحسيني:al-7usayni
الموصلي:al-mawSili
التلي:al-talli
البرازي:al-baraazi
الحافظ:al-7aafiZ
الخاني:al-khaani
الجابي:al-jaabi
القدسي:al-qudsi
الغزي:al-ghazzi
الحراكي:al-7araaki
المحاميد:al-ma7aamiid:2
الكيلاني:al-kaylaani
البغدادي:al-baghdaadi
السيد:al-sayyid
الشريف:al-shariif
الفرا:al-farra
الحلو:al-7ilu
المر:al-murr
المعلم:al-mu3allim
الحمامي:al-7ammaami
الصواف:al-Sawwaaf
الحجار:al-7ajjaar
الزين:al-zayn
الحايك:al-7aayik
الطيار:al-Tayyaar
الكسم:al-kasm
عكاش:3akkaash
بركات:barakaat:2
سرور:suruur
حيدر:7aydar
عباس:3abbaas:2
ديب:diib
الديب:al-diib
يونس:yuunus:2
اليونس:al-yuunus
شاهين:shaahiin:2
نصر:naSr
منصور:manSuur:2
عيد:3iid
رحال:ra77aal
سويد:suwayd
مرعي:mar3i
ملحم:mil7im
حلاق:7allaaq
دياب:diyaab
عواد:3awwaad
العواد:al-3awwaad
الفياض:al-fayyaaD
الشلاش:al-shallaash
العكيدي:al-3ukaydi
الهويدي:al-huwaydi
الجبوري:al-jubuuri
العنزي:al-3anazi
الشمري:al-shammari
الخلف:al-khalaf:2
الحمادي:al-7ammaadi
المحيميد:al-mu7aymiid
العبيدي:al-3ubaydi
الجراد:al-jaraad
النعيمي:al-nu3aymi
البكور:al-bakkuur
الرحمون:al-ra7muun
القاسم:al-qaasim
حاج حسين:7aajj 7usayn
حاج علي:7aajj 3ali
مصطفى:muSTafaa
شعبان:sha3baan
رمضان:ramaDaan
الرمضان:al-ramaDaan
قطان:qaTTaan
القطان:al-qaTTaan
كنعان:kan3aan
زين الدين:zayn al-diin
نور الدين:nuur al-diin
بدر الدين:badr al-diin
طعمة:Ta3ma
الحلواني:al-7alwaani
الشوا:al-shawwa
البني:al-bunni
المارديني:al-maardiini
الحمزة:al-7amza
السقا:al-saqqa
العبد:al-3abd
الطرابلسي:al-Taraabulsi
العاني:al-3aani
الأنصاري:al-anSaari
الدالاتي:al-daalaati
قشلق:qashlaq
الزعيم:al-za3iim
الخضري:al-khuDari
المير:al-miir
العقاد:al-3aqqaad
الكزبري:al-kuzbari
السراج:al-sarraaj
اللحام:al-la77aam
العجلاني:al-3ajlaani
المهايني:al-mahaayni
الشربجي:al-shurbaji
الحمش:al-7amash
الجزائري:al-jazaa2iri
الحمدان:al-7amdaan:2
العلوان:al-3alwaan
الضاهر:al-Daahir
البيك:al-bayk
حبش:7abash
خطاب:khaTTaab
زيتون:zaytuun
صباغ:Sabbaagh
عطية:3aTiyya
فرحات:far7aat
مهنا:muhanna
نجم:najm
هلال:hilaal
"""

# Hand-written Latin spellings for the commonest names (style -> spellings); others are drawn
# from the scheme.
OVERRIDES = {
    "mu7ammad": {
        "en": ["Mohammad", "Mohammed", "Muhammad", "Mohamad", "Mhd", "Muhammed", "Mohamed", "Mohd"],
        "fr": ["Mohamed", "Mohammed", "Mohamad", "Mhd", "Mouhammad"],
        "az": ["Mo7ammad", "M7md", "Mohammad", "Mhmd", "Mo7amad", "Mhd"],
    },
    "a7mad": {
        "en": ["Ahmad", "Ahmed", "Ahmet"],
        "fr": ["Ahmad", "Ahmed"],
        "az": ["A7mad", "A7med", "Ahmad"],
    },
    "3ali": {"en": ["Ali", "Aly"], "fr": ["Ali"], "az": ["3ali", "Ali", "3aly"]},
    "3umar": {
        "en": ["Omar", "Umar", "Omer"],
        "fr": ["Omar", "Omar"],
        "az": ["3omar", "Omar", "3umar"],
    },
    "yuusuf": {
        "en": ["Yousef", "Yusuf", "Youssef", "Yousif", "Joseph"],
        "fr": ["Youssef", "Youcef", "Yousef"],
        "az": ["Yousef", "Yusuf", "Yosef"],
    },
    "ibraahiim": {
        "en": ["Ibrahim", "Ebrahim", "Ibraheem"],
        "fr": ["Ibrahim", "Brahim"],
        "az": ["Ibrahim", "Ebra7im", "Ibraheem"],
    },
    "muSTafaa": {
        "en": ["Mustafa", "Moustafa", "Mostafa", "Mustapha"],
        "fr": ["Moustafa", "Mustapha", "Moustapha"],
        "az": ["Mustafa", "Mos6afa", "Mostafa"],
    },
    "7usayn": {
        "en": ["Hussein", "Husayn", "Hussain", "Hosein"],
        "fr": ["Houssein", "Hussein", "Hussain"],
        "az": ["7sein", "7ussein", "Hussein"],
    },
    "3abd al-laah": {
        "en": ["Abdullah", "Abdallah", "Abdulla", "Abd Allah", "Abdalla"],
        "fr": ["Abdallah", "Abdellah", "Abdalla"],
        "az": ["3abdallah", "Abdullah", "3bdullah", "Abdalla"],
    },
    "al-3abd al-laah": {
        "en": ["Al-Abdullah", "Al-Abdallah", "Alabdullah", "Abdullah", "Al Abdalla"],
        "fr": ["El-Abdallah", "Al Abdallah", "Abdallah"],
        "az": ["Al-3abdallah", "Alabdullah", "3abdullah"],
    },
    "usaama": {
        "en": ["Osama", "Usama", "Ousama", "Osamah"],
        "fr": ["Oussama", "Ousama", "Osama"],
        "az": ["Osama", "Usama", "2osama"],
    },
}

GOVERNORATES = {
    # code: (arabic, [latin spellings])
    "DAM": ("دمشق", ["Damascus", "Damas", "Dimashq", "Damascus city"]),
    "RDM": ("ريف دمشق", ["Rif Dimashq", "Damascus countryside", "Rural Damascus", "Rif Damas"]),
    "ALP": ("حلب", ["Aleppo", "Alep", "Halab"]),
    "HMS": ("حمص", ["Homs", "Hims"]),
    "HMA": ("حماة", ["Hama", "Hamah", "Hamat"]),
    "DRA": ("درعا", ["Daraa", "Deraa", "Dar'a", "Dara"]),
    "IDL": ("إدلب", ["Idlib", "Idleb", "Edlib"]),
    "DEZ": ("دير الزور", ["Deir ez-Zor", "Deir Ezzor", "Dayr al-Zawr", "Deir el-Zor"]),
    "RAQ": ("الرقة", ["Raqqa", "Rakka", "Ar-Raqqah"]),
    "LAT": ("اللاذقية", ["Latakia", "Lattaquié", "Lattakia"]),
    "TAR": ("طرطوس", ["Tartus", "Tartous", "Tartouss"]),
    "HSK": ("الحسكة", ["Hasakah", "Hassaké", "Al-Hasakah"]),
    "SWD": ("السويداء", ["Suwayda", "Soueida", "As-Suwayda"]),
    "QUN": ("القنيطرة", ["Quneitra", "Kuneitra"]),
}

# towns: arabic, [latin], governorate
TOWNS = [
    ("دوما", ["Douma", "Duma"], "RDM"),
    ("داريا", ["Darayya", "Daraya", "Darayya"], "RDM"),
    ("المعضمية", ["Moadamiyeh", "Al-Moadamiya", "Muadamiyat al-Sham"], "RDM"),
    ("الزبداني", ["Zabadani", "Al-Zabadani"], "RDM"),
    ("التل", ["At-Tall", "Al-Tal", "Tal"], "RDM"),
    ("حرستا", ["Harasta", "Harasta"], "RDM"),
    ("كفربطنا", ["Kafr Batna", "Kafarbatna"], "RDM"),
    ("عربين", ["Arbin", "Erbin"], "RDM"),
    ("سقبا", ["Saqba", "Sakba"], "RDM"),
    ("ببيلا", ["Babbila", "Bebila"], "RDM"),
    ("يبرود", ["Yabroud", "Yabrud"], "RDM"),
    ("النبك", ["Nabk", "An-Nabk"], "RDM"),
    ("قدسيا", ["Qudsaya", "Kudsaya"], "RDM"),
    ("الكسوة", ["Kiswah", "Al-Kiswa"], "RDM"),
    ("تلكلخ", ["Talkalakh", "Tell Kalakh"], "HMS"),
    ("الرستن", ["Rastan", "Al-Rastan"], "HMS"),
    ("تلبيسة", ["Talbiseh", "Talbisa"], "HMS"),
    ("القصير", ["Qusayr", "Al-Qusair", "Qusair"], "HMS"),
    ("جسر الشغور", ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr Al Choughour"], "IDL"),
    ("معرة النعمان", ["Maarat al-Numan", "Maaret al-Nouman", "Ma'arrat al-Nu'man"], "IDL"),
    ("سراقب", ["Saraqib", "Saraqeb"], "IDL"),
    ("بانياس", ["Baniyas", "Banias"], "TAR"),
    ("جبلة", ["Jableh", "Jeble", "Jabla"], "LAT"),
    ("الحراك", ["Al-Hirak", "Herak"], "DRA"),
    ("نوى", ["Nawa", "Nawa"], "DRA"),
    ("انخل", ["Inkhil", "Inkhel"], "DRA"),
    ("جاسم", ["Jasim", "Jassem"], "DRA"),
    ("الصنمين", ["Al-Sanamayn", "Sanamein"], "DRA"),
    ("داعل", ["Da'el", "Dael"], "DRA"),
    ("الميادين", ["Mayadin", "Al-Mayadeen"], "DEZ"),
    ("البوكمال", ["Albukamal", "Abu Kamal"], "DEZ"),
    ("منبج", ["Manbij", "Menbij"], "ALP"),
    ("الباب", ["Al-Bab", "Bab"], "ALP"),
    ("اعزاز", ["Azaz", "A'zaz"], "ALP"),
    ("عندان", ["Anadan", "Andan"], "ALP"),
    ("القامشلي", ["Qamishli", "Kamechliyé", "Qamishly"], "HSK"),
    ("السلمية", ["Salamiyah", "Salamieh"], "HMA"),
    ("كفرنبودة", ["Kafr Nabuda", "Kafrnabuda"], "HMA"),
]

# Detention facilities: code -> {"ar": [...], "en": [...], "fr": [...]}
FACILITIES = {
    "SED": {
        "ar": [
            "سجن صيدنايا العسكري",
            "صيدنايا",
            "سجن صيدنايا",
            "صيدنايا - المبنى الأحمر",
            "سجن صيدنايا العسكري الأول",
        ],
        "en": [
            "Sednaya",
            "Saydnaya prison",
            "Sednaya Military Prison",
            "Saidnaya",
            "Sednaya (red building)",
        ],
        "fr": ["Prison de Saydnaya", "Sednaya (prison militaire)", "Saydnaya"],
    },
    "MI215": {
        "ar": [
            "فرع 215",
            "الفرع 215",
            "فرع السرية 215",
            "فرع المداهمة 215",
            "ف 215",
            "شعبة المخابرات العسكرية - فرع 215",
        ],
        "en": [
            "Branch 215",
            "Military Intelligence Branch 215 (Raids)",
            "215 branch",
            "MI 215",
            "Raid Brigade branch 215",
        ],
        "fr": ["Branche 215", "Section 215 des renseignements militaires", "Branche 215 (Raids)"],
    },
    "MI227": {
        "ar": [
            "فرع المنطقة 227",
            "الفرع 227",
            "فرع المنطقة",
            "ف 227",
            "فرع المنطقة - المخابرات العسكرية",
        ],
        "en": [
            "Branch 227 (Region)",
            "Regional branch 227",
            "Military Intelligence 227",
            "Area branch",
        ],
        "fr": ["Branche 227 (Région)", "Branche de la région 227"],
    },
    "MI235": {
        "ar": ["فرع فلسطين", "فرع فلسطين 235", "الفرع 235", "ف 235"],
        "en": [
            "Palestine Branch",
            "Falastin branch",
            "Branch 235 (Palestine)",
            "Palestine branch 235",
        ],
        "fr": ["Branche Palestine 235", "Branche Palestine", "Section Palestine"],
    },
    "MI248": {
        "ar": ["فرع التحقيق العسكري 248", "الفرع 248", "فرع التحقيق العسكري"],
        "en": ["Military Interrogation Branch 248", "Branch 248", "Military investigation branch"],
        "fr": ["Branche 248", "Branche d'investigation militaire 248"],
    },
    "GI251": {
        "ar": ["فرع الخطيب", "فرع الخطيب 251", "الفرع 251", "أمن الدولة - فرع الخطيب"],
        "en": ["Al-Khatib Branch", "Branch 251", "Khatib branch (State Security)", "al Khatib"],
        "fr": ["Branche al-Khatib", "Branche 251 (al-Khatib)"],
    },
    "AFI": {
        "ar": [
            "المخابرات الجوية - مطار المزة",
            "فرع التحقيق - المخابرات الجوية بالمزة",
            "مطار المزة العسكري",
            "الجوية المزة",
        ],
        "en": [
            "Air Force Intelligence Mezzeh",
            "Mezzeh airport (AFI)",
            "Mazzeh Air Force Intelligence",
            "AFI Mezzeh",
        ],
        "fr": ["Renseignement de l'armée de l'air - Mezzeh", "Aéroport de Mezzeh"],
    },
    "ADRA": {
        "ar": ["سجن عدرا المركزي", "سجن دمشق المركزي (عدرا)", "عدرا", "سجن عدرا"],
        "en": ["Adra Central Prison", "Adra prison", "Damascus Central Prison (Adra)"],
        "fr": ["Prison centrale d'Adra", "Adra"],
    },
    "MP": {
        "ar": ["الشرطة العسكرية - القابون", "الشرطة العسكرية بالقابون", "شرطة عسكرية قابون"],
        "en": ["Military Police Qaboun", "Qaboun military police"],
        "fr": ["Police militaire de Qaboun"],
    },
    "MI261": {
        "ar": ["فرع الأمن العسكري بحمص 261", "الفرع 261", "الأمن العسكري حمص"],
        "en": ["Homs Military Security 261", "Branch 261 Homs"],
        "fr": ["Branche 261 (Homs)"],
    },
}

# Place-of-death labels a forensic list writes (hospitals, not detention facilities).
DEATH_PLACES = [
    "مشفى تشرين العسكري",
    "مشفى المزة العسكري 601",
    "المشفى العسكري 601",
    "مشفى حرستا العسكري",
]

STATUS_TEXT = {
    "en": {
        "missing": [
            "Missing",
            "Forcibly disappeared",
            "Disappeared",
            "Whereabouts unknown",
            "Still missing",
            "Enforced disappearance",
        ],
        "detained": [
            "Still detained",
            "In detention",
            "Detained",
            "Held in Sednaya",
            "Referred to military field court",
        ],
        "released": [
            "Released",
            "Released in {year}",
            "Freed",
            "Released (amnesty {year})",
            "Released, now in Turkey",
        ],
        "deceased": [
            "Died in detention",
            "Killed under torture",
            "Deceased",
            "Dead - death certificate issued {year}",
            "Identified in Caesar photos",
        ],
        "unknown": ["Unknown", "N/A", "?"],
    },
    "fr": {
        "missing": ["Disparu", "Disparu de force", "Sort inconnu", "Porté disparu"],
        "detained": ["Toujours détenu", "En détention", "Détenu"],
        "released": ["Libéré", "Libéré en {year}", "Relâché"],
        "deceased": ["Décédé en détention", "Mort sous la torture", "Décédé", "Décès confirmé"],
        "unknown": ["Inconnu", "Non renseigné"],
    },
    "ar": {
        "missing": ["مختفي قسرياً", "مفقود", "مجهول المصير", "مغيب قسرياً"],
        "detained": [
            "لا يزال معتقلاً",
            "معتقل",
            "موقوف",
            "محال إلى محكمة الميدان العسكرية",
            "محكوم",
        ],
        "released": ["أفرج عنه", "أخلي سبيله", "تم الإفراج عنه عام {year}", "مطلق السراح"],
        "deceased": [
            "متوفى",
            "توفي تحت التعذيب",
            "استشهد في المعتقل",
            "قضى تحت التعذيب",
            "تم تسليم شهادة وفاة",
        ],
        "unknown": ["غير معروف", "لا يوجد معلومات"],
    },
    "ar_f": {
        "missing": ["مختفية قسرياً", "مفقودة", "مجهولة المصير"],
        "detained": ["لا تزال معتقلة", "معتقلة", "موقوفة"],
        "released": ["أفرج عنها", "أخلي سبيلها"],
        "deceased": ["متوفاة", "توفيت تحت التعذيب", "استشهدت في المعتقل"],
        "unknown": ["غير معروف"],
    },
    "fr_f": {
        "missing": ["Disparue", "Disparue de force", "Sort inconnu"],
        "detained": ["Toujours détenue", "Détenue"],
        "released": ["Libérée", "Libérée en {year}"],
        "deceased": ["Décédée en détention", "Décédée"],
        "unknown": ["Inconnu"],
    },
}


def _parse(block):
    out = []
    seen = set()
    for line in block.strip().splitlines():
        parts = line.strip().split(":")
        ar, scheme = parts[0].strip(), parts[1].strip()
        w = float(parts[2]) if len(parts) > 2 else 1.0
        if ar in seen:
            continue
        seen.add(ar)
        out.append((ar, scheme, w))
    return out


MALE_NAMES = _parse(MALE)
FEMALE_NAMES = _parse(FEMALE)
FAMILY_NAMES = _parse(FAMILY)
