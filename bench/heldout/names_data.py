# ruff: noqa: E501  (tables of names and places, one entry a line)
"""Hand-written Syrian name tables for the independent generator.

Line format:  ARABIC | english spellings (/-separated) | french spellings (optional)
Markers in the Latin columns:
  @Root   -> an 'Abd al-Root' compound; spellings are generated (Abdulroot, Abdel Root, ...)
  %First  -> a 'First al-Din' compound (Nour al-Din, Noureddine, ...)
Lines are listed roughly from most to least frequent; weights are assigned by rank.
"""

MALE = """
محمد|Mohammad/Mohammed/Muhammad/Mohamad/Mhd|Mohamed/Mouhammad/Mohammed
أحمد|Ahmad/Ahmed|Ahmed/Ahmad
محمود|Mahmoud/Mahmud/Mahmood|Mahmoud
علي|Ali/Aly|Ali
خالد|Khaled/Khalid|Khaled
عمر|Omar/Umar|Omar
مصطفى|Mustafa/Mostafa/Moustafa|Moustapha/Moustafa
حسن|Hassan/Hasan|Hassan
حسين|Hussein/Hussain/Husain/Hussien|Houssein/Hussein
عبد الله|Abdullah/Abdallah/Abdulla/Abd Allah|Abdallah/Abdellah
عبد الرحمن|@Rahman|@Rahmane
يوسف|Youssef/Yousef/Yusuf/Yousif|Youssef/Youcef
ابراهيم|Ibrahim/Ebrahim/Ibraheem|Ibrahim
ياسر|Yasser/Yaser/Yasir|Yasser
عبد الكريم|@Karim|@Karim
سامر|Samer|Samer
محمد علي|Mohammad Ali/Mohammed Ali/Muhammad Ali|Mohamed Ali
وليد|Walid/Waleed|Walid
عماد|Imad/Emad|Imad
فادي|Fadi/Fady|Fadi
زياد|Ziad/Ziyad|Ziad
باسل|Basel/Bassel|Bassel
عبد الرزاق|@Razzaq/@Razak|@Razak
أيمن|Ayman/Aiman|Aymane/Ayman
ماهر|Maher|Maher
رامي|Rami/Ramy|Rami
عبد الحميد|@Hamid|@Hamid
عبد القادر|@Qader/@Kader|@Kader
طارق|Tarek/Tariq/Tareq|Tarek
أنس|Anas|Anas
حمزة|Hamza/Hamzah|Hamza
أسامة|Osama/Usama/Ossama|Oussama
عمار|Ammar|Ammar
بلال|Bilal/Belal|Bilal
مهند|Mohannad/Muhannad/Mohanad|Mohannad
عبد العزيز|@Aziz|@Aziz
ابراهيم خليل|Ibrahim Khalil|Ibrahim Khalil
سعيد|Saeed/Said/Saeid|Saïd/Said
صالح|Saleh/Salih|Saleh/Salah
علاء|Alaa/Ala'a|Alaa
حسام|Hussam/Hosam/Husam|Houssam
محمد خير|Mohammad Kheir/Mhd Khair|Mohamed Kheir
عبد الباسط|@Basit/@Baset|@Basset
إسماعيل|Ismail/Ismael/Esmail|Ismaïl
ياسين|Yassin/Yaseen/Yasin|Yassine
نبيل|Nabil/Nabeel|Nabil
جمال|Jamal/Gamal|Djamal/Jamal
كمال|Kamal|Kamal
فراس|Firas/Feras|Firas
معاذ|Moaz/Muath/Mu'adh/Mouaz|Mouaz
أيهم|Ayham|Ayham
غسان|Ghassan|Ghassan
هيثم|Haytham/Haitham/Heitham|Haytham
حازم|Hazem/Hazim|Hazem
قاسم|Qasim/Kassem/Qassem|Kassem
خليل|Khalil/Khaleel|Khalil
عبد السلام|@Salam|@Salam
عدنان|Adnan|Adnane
منير|Munir/Mounir|Mounir
عثمان|Othman/Uthman/Osman|Othmane
يحيى|Yahya/Yehia|Yahia
موسى|Musa/Mousa/Moussa|Moussa
عيسى|Issa/Isa/Eissa|Issa
سليمان|Suleiman/Sulaiman/Soliman|Souleimane
عبد الناصر|@Nasser/@Naser|@Nasser
عبد المجيد|@Majid|@Majid
عبد اللطيف|@Latif|@Latif
عبد الهادي|@Hadi|@Hadi
عبد الإله|@Ilah|@Ilah
عبد الفتاح|@Fattah|@Fattah
عبد الرحيم|@Rahim|@Rahim
عبد الغني|@Ghani|@Ghani
عبد الوهاب|@Wahab/@Wahhab|@Wahab
عبد الحكيم|@Hakim|@Hakim
عبد الجليل|@Jalil|@Jalil
عبد المنعم|@Moneim/@Munim|@Moneim
عبد الستار|@Sattar|@Sattar
عبد الرؤوف|@Raouf/@Rauf|@Raouf
عبد الغفور|@Ghafour|@Ghafour
عبد الحي|@Hay/@Hai|@Hay
عبد المعين|@Moein/@Mu'in|@Mouïne
عبد الكافي|@Kafi|@Kafi
نور الدين|%Nour/%Nur|%Nour
صلاح الدين|%Salah|%Salah
علاء الدين|%Alaa|%Ala
بدر الدين|%Badr|%Badr
عز الدين|%Izz/%Ezz|%Ezz
سيف الدين|%Saif/%Seif|%Seif
محي الدين|%Muhyi/%Mohi|%Mohi
شمس الدين|%Shams|%Chams
خير الدين|%Khair/%Kheir|%Kheir
زين العابدين|Zain al-Abidin/Zein Alabidin/Zainulabidin|Zine El Abidine
أبو بكر|Abu Bakr/Abubakr/Abou Bakr|Aboubakr/Abou Bakr
يونس|Younes/Yunus/Younis|Younes
إسحاق|Ishaq/Ishak|Ishak
يعقوب|Yaqoub/Yacoub/Yaqub|Yacoub
هارون|Haroun/Harun|Haroun
داود|Dawood/Dawoud/Daoud|Daoud
أيوب|Ayoub/Ayyub/Ayub|Ayoub
نوح|Nouh/Nuh|Nouh
زكريا|Zakaria/Zakariya/Zakariyya|Zakaria
إلياس|Elias/Ilyas/Elyas|Elias
آدم|Adam|Adam
سامي|Sami/Samy|Sami
باسم|Basem/Bassem|Bassem
بشار|Bashar|Bachar
بشير|Bashir/Basheer|Bachir
جميل|Jamil/Jameel|Djamil/Jamil
فيصل|Faisal/Faysal|Fayçal/Faycal
فارس|Fares/Faris|Fares
فؤاد|Fouad/Fuad|Fouad
فواز|Fawaz/Fawwaz|Faouaz
فايز|Fayez/Faiz|Fayez
فهد|Fahad/Fahd|Fahd
فتحي|Fathi/Fathy|Fathi
رائد|Raed/Ra'ed|Raed
رياض|Riad/Riyad/Riyadh|Riad
رضوان|Radwan/Ridwan|Radouane
رشيد|Rashid/Rasheed|Rachid
رامز|Ramez/Ramiz|Ramez
ربيع|Rabie/Rabee/Rabih|Rabih
رفعت|Rifaat/Refaat/Rifat|Rifaat
رضا|Reda/Rida/Ridha|Rida/Reda
وائل|Wael/Wail|Waël/Wael
وسيم|Wassim/Waseem/Wasim|Wassim
وجيه|Wajih/Wajeeh|Ouajih
وحيد|Waheed/Wahid|Ouahid
هاني|Hani/Hany|Hani
هشام|Hisham/Hesham|Hicham
همام|Humam/Hammam|Houmam
حاتم|Hatem/Hatim|Hatem
حامد|Hamed/Hamid|Hamed
حمدي|Hamdi/Hamdy|Hamdi
حكمت|Hikmat/Hekmat|Hikmat
حيدر|Haidar/Haider/Haydar|Haydar
حافظ|Hafez/Hafiz|Hafez
حبيب|Habib/Habeeb|Habib
غياث|Ghiath/Ghiyath/Ghayath|Ghiath
غازي|Ghazi/Ghazy|Ghazi
قيس|Qais/Qays/Kais|Kaïs
كريم|Karim/Kareem|Karim
لؤي|Louay/Luay/Loai|Louaï
ليث|Laith/Layth/Leith|Laith
مازن|Mazen/Mazin|Mazen
مالك|Malek/Malik|Malek
مأمون|Mamoun/Ma'moun/Mamun|Mamoun
منذر|Munther/Monzer/Munzer|Mounzer
معتز|Moutaz/Mutaz/Mo'taz|Moutaz
ممدوح|Mamdouh/Mamduh|Mamdouh
مجد|Majd|Majd
مراد|Murad/Mourad|Mourad
مروان|Marwan|Marouane/Marwan
منصور|Mansour/Mansur|Mansour
موفق|Muwaffaq/Mowafak|Mouwaffak
ناصر|Nasser/Naser/Nasir|Nasser
نادر|Nader/Nadir|Nader
نزار|Nizar/Nezar|Nizar
نضال|Nidal/Nedal|Nidal
نعمان|Numan/Noman/Nouman|Noomane
نجيب|Najib/Najeeb|Najib
عامر|Amer/Aamer/Amir|Amer
عادل|Adel/Adil|Adel
عصام|Issam/Essam|Issam
عزيز|Aziz/Azeez|Aziz
عزام|Azzam|Azzam
عبدو|Abdo/Abdou|Abdou
عبيدة|Obaida/Ubaida/Obeida|Obeida
عمران|Imran/Omran|Omrane
عوض|Awad/Awadh|Aouad
عيد|Eid/Aid|Aïd
سعد|Saad/Sa'ad|Saad
سعود|Saud/Saoud|Saoud
سالم|Salem/Salim|Salem
سليم|Salim/Saleem|Salim
سلمان|Salman|Salmane
سمير|Samir/Sameer|Samir
سهيل|Suhail/Souhail/Suheil|Souheil
سيف|Saif/Sayf/Seif|Seif
شادي|Shadi/Shady|Chadi
شريف|Sharif/Sherif|Chérif
شاكر|Shaker/Shakir|Chaker
صلاح|Salah|Salah
صبحي|Subhi/Sobhi|Sobhi
صفوان|Safwan|Safouane
ضياء|Diaa/Dia'a/Dhiaa|Diaa
طلال|Talal|Talal
طه|Taha|Taha
ظافر|Dhafer/Zafer|Zafer
جهاد|Jihad/Jehad|Djihad
جابر|Jaber/Jabir|Jaber
جلال|Jalal|Djalal
جواد|Jawad/Jawwad|Jaouad
تامر|Tamer/Tamir|Tamer
توفيق|Tawfiq/Tawfik|Taoufik
تيسير|Taysir/Tayseer|Teysir
ثامر|Thamer/Thamir|Thamer
أكرم|Akram|Akram
أمجد|Amjad|Amjad
أنور|Anwar|Anouar
أديب|Adib/Adeeb|Adib
أمين|Amin/Ameen|Amine
أشرف|Ashraf|Achraf
إياد|Iyad/Eyad|Iyad
إسلام|Islam|Islam
إدريس|Idris/Idrees|Idriss
بكر|Bakr/Baker|Bakr
بدر|Badr|Badr
بهاء|Bahaa/Baha'a|Bahaa
جورج|George/Georges|Georges
ميشيل|Michel/Michael|Michel
إيلي|Elie/Eli|Elie
خضر|Khodr/Khidr/Khader|Khodr
خلدون|Khaldoun/Khaldun|Khaldoun
دريد|Durayd/Doreid|Doreid
راتب|Rateb/Ratib|Rateb
زهير|Zuhair/Zuheir|Zouheir
زكي|Zaki/Zaky|Zaki
صدام|Saddam|Saddam
عبادة|Ubada/Obada|Obada
عروة|Urwa/Orwa|Orwa
مؤيد|Muayad/Moayad|Mouayad
مثنى|Muthanna/Mothana|Mouthanna
مجدي|Majdi/Magdi|Majdi
مصعب|Musab/Mosab/Mus'ab|Moussab
معن|Maan/Ma'an|Maan
مهدي|Mahdi/Mehdi|Mehdi
نايف|Naif/Nayef|Nayef
هادي|Hadi/Hady|Hadi
يامن|Yamen/Yamin|Yamen
وضاح|Waddah|Ouaddah
وفيق|Wafiq/Wafik|Wafik
نصر|Nasr/Naser|Nasr
كنان|Kinan/Kenan|Kinane
محسن|Mohsen/Muhsin|Mohsen
مرهف|Murhaf/Morhaf|Morhaf
مهيار|Mahyar/Mihyar|Mihyar
نوار|Nawar|Naouar
راشد|Rashed/Rashid|Rached
رعد|Raad/Ra'd|Raad
شعبان|Shaaban/Shaban|Chaabane
رمضان|Ramadan/Ramadhan|Ramadane
عبود|Abboud/Aboud|Abboud
حمود|Hammoud/Hamoud|Hammoud
جاسم|Jasem/Jassim/Jassem|Jassem
صقر|Saqr/Saker|Sakr
مشعل|Mishaal/Meshal|Mechaal
عبد المولى|@Mawla/@Mola|@Mawla
مرعي|Marai/Mer'i|Marai
مفيد|Mufid/Mofeed|Moufid
منهل|Manhal|Manhal
هلال|Hilal/Helal|Hilal
وئام|Weam/Wiam|Wiam
يزن|Yazan|Yazan
يزيد|Yazid/Yazeed|Yazid
قتيبة|Qutaiba/Kotaiba|Koutaiba
"""

FEMALE = """
فاطمة|Fatima/Fatma/Fatmeh|Fatima/Fatma
مريم|Maryam/Mariam|Meryem/Mariam
خديجة|Khadija/Khadijeh|Khadija
عائشة|Aisha/Aysha/Aicha|Aïcha
زينب|Zainab/Zeinab|Zeineb
آمنة|Amina/Amna/Ameneh|Amina
نور|Nour/Noor|Nour
هدى|Huda/Hoda|Houda
سعاد|Suad/Souad|Souad
رنا|Rana|Rana
ريم|Reem/Rim|Rim
رشا|Rasha|Racha
رهف|Rahaf|Rahaf
رزان|Razan|Razane
رانيا|Rania/Ranya|Rania
رغد|Raghad|Raghad
روان|Rawan|Raouane
ريما|Rima/Reema|Rima
سلمى|Salma/Salmah|Salma
سمر|Samar|Samar
سماح|Samah|Samah
سهام|Siham/Seham|Siham
سوسن|Sawsan/Sausan|Saoussane
سميرة|Samira/Sameera|Samira
سناء|Sanaa/Sana'a/Sana|Sanaa
شيماء|Shaima/Shaimaa|Chaïma
صفاء|Safaa/Safa|Safaa
وفاء|Wafaa/Wafa|Wafaa
هبة|Hiba/Heba|Hiba
هند|Hind/Hend|Hind
هالة|Hala/Halah|Hala
هيفاء|Haifa/Haifaa|Haïfa
حنان|Hanan|Hanane
دعاء|Duaa/Doaa/Du'a|Douaa
ديما|Dima/Deema|Dima
دانة|Dana|Dana
جميلة|Jamila/Jameela|Djamila
ختام|Khitam/Khetam|Khitam
خلود|Kholoud/Khuloud|Kholoud
لينا|Lina/Leena|Lina
لمى|Lama|Lama
ليلى|Layla/Leila/Laila|Leïla
لبنى|Lubna/Loubna|Loubna
منى|Mona/Muna|Mouna
مها|Maha|Maha
ميساء|Maysaa/Maisa|Meyssa
ميس|Mais/Mays|Maïs
نادية|Nadia/Nadya|Nadia
نجلاء|Najla/Najlaa|Najla
نسرين|Nisreen/Nesrine|Nesrine
نوال|Nawal|Naoual
نجاح|Najah|Najah
ندى|Nada|Nada
نهى|Nuha/Noha|Nouha
إيمان|Iman/Eman|Imane
أسماء|Asmaa/Asma|Asmaa
أمل|Amal|Amal
ابتسام|Ibtisam/Ebtesam|Ibtissam
انتصار|Intisar/Entesar|Intissar
إسراء|Israa/Esraa|Israa
آلاء|Alaa/Ala'a|Alaa
أميرة|Amira/Ameera|Amira
بشرى|Bushra/Boushra|Bouchra
بتول|Batoul/Batool|Batoul
تغريد|Taghrid/Taghreed|Taghrid
جنان|Jinan/Janan|Jinane
حياة|Hayat|Hayat
دلال|Dalal|Dalal
راما|Rama|Rama
رجاء|Rajaa/Raja|Rajaa
زهراء|Zahraa/Zahra|Zahraa
سارة|Sara/Sarah|Sarah
سحر|Sahar|Sahar
عبير|Abeer/Abir|Abir
عفاف|Afaf|Afaf
غادة|Ghada|Ghada
فدوى|Fadwa/Fadwah|Fadoua
فرح|Farah|Farah
كوثر|Kawthar/Kawsar|Kaouthar
لمياء|Lamia/Lamiaa|Lamia
ماجدة|Majida/Magda|Majida
مروة|Marwa|Maroua
ملك|Malak|Malak
هيام|Hiyam/Hayam|Hiyam
وعد|Waad/Wa'ad|Waad
يسرى|Yusra/Yosra|Yousra
ياسمين|Yasmin/Yasmeen|Yasmine
نجوى|Najwa|Najoua
عليا|Alia/Aliaa|Alia
هناء|Hanaa/Hana|Hanaa
روعة|Rawaa/Raw'a|Raoua
بيان|Bayan|Bayane
وداد|Widad/Wedad|Ouidad
نعيمة|Naima/Naeema|Naïma
حليمة|Halima|Halima
صبحية|Subhiya/Sobhia|Sobhia
فضة|Fidda/Fadda|Fidda
"""

# Family names.  A leading ال in Arabic means the Latin forms take an article
# (al-/el-/Al /none), which the generator adds; write the Latin stem only.
FAMILY = """
المحمد|Mohammad/Mohammed/Muhammad|Mohamed
الأحمد|Ahmad/Ahmed|Ahmed
العلي|Ali|Ali
الحسن|Hassan/Hasan|Hassan
الحسين|Hussein/Hussain|Houssein
الخطيب|Khatib/Khateeb|Khatib
الحلبي|Halabi/Halaby|Halabi
الزعبي|Zoubi/Zu'bi/Zoabi/Zubi|Zoubi
الشيخ|Sheikh/Shaikh|Cheikh
الحمصي|Homsi/Humsi|Homsi
المصري|Masri/Misri|Masri
العمر|Omar|Omar
الصالح|Saleh|Saleh
الابراهيم|Ibrahim|Ibrahim
الموسى|Mousa/Musa|Moussa
العيسى|Issa|Issa
الحمد|Hamad|Hamad
الجاسم|Jasem/Jassem/Jasim|Jassem
الكردي|Kurdi/Kordi|Kurdi
الحاج|Hajj/Haj|Hage
الخليل|Khalil|Khalil
الحريري|Hariri|Hariri
المقداد|Miqdad/Meqdad/Mekdad|Mekdad
الشامي|Shami|Chami
الحموي|Hamawi/Hamwi|Hamoui
الإدلبي|Idlibi/Edlibi|Idlibi
الديري|Deiri/Dairi|Deiri
الحوراني|Hourani/Horani|Hourani
الدمشقي|Dimashqi/Dimashki|Dimachki
الرفاعي|Rifai/Refai/Rifaee|Rifaï
النعيمي|Nuaimi/Naimi/Noaimi|Nouaïmi
الحسيني|Husseini/Hussaini|Husseini
السباعي|Sibai/Sibaei/Sebai|Sibaï
الأتاسي|Atassi/Atasi|Atassi
الجابري|Jabri/Jaberi|Jabri
الكيلاني|Kilani/Keilani/Gilani|Kilani
الدروبي|Droubi/Darwbi|Droubi
حداد|Haddad|Haddad
نجار|Najjar/Najar|Najjar
عطار|Attar/Atar|Attar
خياط|Khayyat/Khayat|Khayat
حلاق|Hallaq/Hallak|Hallak
دباغ|Dabbagh/Dabagh|Dabbagh
صباغ|Sabbagh/Sabagh|Sabbagh
قصاب|Qassab/Kassab|Kassab
طحان|Tahhan/Tahan|Tahhan
سمان|Samman/Saman|Samman
فحام|Fahham/Faham|Fahham
زيات|Zayyat/Zayat|Zayat
حجار|Hajjar/Hajar|Hajjar
بيطار|Bitar/Baytar/Beitar|Bitar
دقاق|Daqqaq/Dakkak|Dakkak
كيالي|Kayyali/Kayali|Kayali
شهابي|Shihabi/Shehabi|Chehabi
قباني|Qabbani/Kabbani|Kabbani
درويش|Darwish/Darweesh|Darwich
نحاس|Nahhas/Nahas|Nahas
قطان|Qattan/Kattan|Kattan
شربجي|Sharbaji/Shurbaji|Charbaji
طرابلسي|Trabulsi/Tarabulsi|Trabelsi
بغدادي|Baghdadi|Baghdadi
مغربي|Maghribi/Moghrabi|Maghrebi
حجازي|Hijazi/Hejazi/Hegazi|Hijazi
شحادة|Shehadeh/Shahada/Shhadeh|Chehadé
حمادة|Hamadeh/Hamada|Hamadé
زيدان|Zeidan/Zaidan|Zeidane
رحال|Rahhal/Rahal|Rahal
سلوم|Salloum/Saloum|Salloum
عبود|Abboud/Aboud|Abboud
حمود|Hammoud/Hamoud|Hammoud
جمعة|Jumaa/Jomaa/Juma|Joumaa
خميس|Khamis/Khamees|Khemis
الأيوبي|Ayoubi/Ayyoubi|Ayoubi
النابلسي|Nabulsi/Nabulsy|Naboulsi
الحلواني|Halawani/Helwani|Helouani
حبش|Habash|Habache
طه|Taha|Taha
مراد|Murad/Mourad|Mourad
عثمان|Othman/Osman|Othmane
العثمان|Othman/Uthman|Othmane
الأسود|Aswad|Assouad
الأبرش|Abrash|Abrach
الطويل|Tawil/Taweel|Tawil
القصير|Qasir/Kassir|Kassir
الأشقر|Ashqar/Ashkar|Achkar
الأخرس|Akhras|Akhras
الأطرش|Atrash|Atrache
الأصفر|Asfar|Asfar
باشا|Pasha/Basha|Pacha
آغا|Agha/Aga|Agha
أبو زيد|Abu Zeid/Abou Zeid/Abuzeid|Abou Zeid
أبو خليل|Abu Khalil/Abou Khalil|Abou Khalil
أبو عمر|Abu Omar/Abou Omar|Abou Omar
أبو حمدان|Abu Hamdan|Abou Hamdane
أبو عساف|Abu Assaf|Abou Assaf
أبو شقرة|Abu Shaqra/Abu Shakra|Abou Chakra
أبو راس|Abu Ras/Abou Ras|Abou Ras
أبو الخير|Abu al-Khair/Abulkhair/Abu Alkhair|Abou El Kheir
أبو سعدة|Abu Saada|Abou Saada
أبو عودة|Abu Odeh/Abu Awda|Abou Odeh
أبو النصر|Abu al-Nasr/Abunasr|Abou Ennasr
أبو صالح|Abu Saleh|Abou Saleh
أبو عيسى|Abu Issa|Abou Issa
أبو حسين|Abu Hussein|Abou Hussein
أبو زرد|Abu Zard|Abou Zard
أبو الشامات|Abu al-Shamat/Abushamat|Abou Chamat
عودة|Odeh/Ouda/Awda|Odeh
عيد|Eid|Eid
سلامة|Salameh/Salama|Salamé
منصور|Mansour/Mansur|Mansour
نصر|Nasr|Nasr
نصار|Nassar/Nasar|Nassar
عساف|Assaf/Asaf|Assaf
مهنا|Mhanna/Muhanna|Mhanna
حلوم|Halloum|Halloum
الحلو|Helou/Hilu/Helu|Helou
الشعار|Shaar/Sha'ar|Chaar
خضور|Khaddour/Khaddur|Khaddour
ديب|Dib/Deeb|Dib
الديب|Deeb/Dib|Dib
الذيب|Dheeb/Thib|Dhib
ذياب|Diab/Thiab/Dhiab|Diab
سويد|Swaid/Suwaid|Souaid
صوان|Sawwan/Sawan|Saouane
عرابي|Orabi/Arabi|Orabi
المحاميد|Mahameed/Mahamid|Mahamid
الغزاوي|Ghazzawi/Ghazawi|Ghazzaoui
الحراكي|Harraki/Haraki|Harraki
القداح|Qaddah/Kaddah|Kaddah
المسالمة|Masalmeh/Masalma|Masalmeh
الأبازيد|Abazeed/Abazid|Abazid
البردان|Bardan|Bardane
الصياصنة|Sayasneh/Siyasna|Sayasneh
الجهماني|Jahmani|Jahmani
النعسان|Naasan/Na'san|Naassane
العكيدي|Ukaidi/Okaidi|Okaïdi
العبيد|Obeid/Ubaid|Obeid
الفياض|Fayyad/Fayad|Fayad
الحديد|Hadid/Hadeed|Hadid
العبود|Abboud/Aboud|Abboud
المرعي|Marai/Mer'i|Marai
الخلف|Khalaf|Khalaf
الحمود|Hammoud/Hamoud|Hammoud
الطه|Taha|Taha
الجمعة|Jumaa/Jomaa|Joumaa
الدخيل|Dakhil/Dakheel|Dakhil
العساف|Assaf|Assaf
الهويدي|Huwaidi/Hweidi|Houeidi
البكور|Bakour/Bakkour|Bakour
الدبس|Dibs/Debs|Debs
الخضر|Khodr/Khidr/Khudr|Khodr
القاسم|Qassem/Kassem/Qasim|Kassem
سويدان|Suwaidan/Swaidan|Souaidane
حمدان|Hamdan|Hamdane
خطاب|Khattab/Khatab|Khattab
علوش|Alloush/Aloush|Allouche
زهران|Zahran|Zahrane
كيوان|Kiwan/Keywan|Kiouane
جبر|Jabr/Jaber|Jabr
الجبر|Jabr/Jaber|Jabr
نعمة|Nehme/Naameh/Nimeh|Nehmé
حنا|Hanna/Hana|Hanna
عبد النور|Abdulnour/Abdel Nour/Abdelnour|Abdelnour
شحود|Shahoud/Shhoud|Chahoud
ملا|Mulla/Molla/Mullah|Mollah
كنجو|Kanjo/Kanju|Kanjo
حاج حسين|Hajj Hussein/Haj Hussein|Hage Hussein
حاج عمر|Hajj Omar/Haj Omar|Hage Omar
حاج أحمد|Hajj Ahmad/Haj Ahmed|Hage Ahmed
قره|Kara/Qara|Kara
شيخو|Sheikho/Shekho|Cheikho
حسو|Hasso/Haso|Hasso
أوسو|Osso/Ouso|Osso
حمو|Hammo/Hamo|Hammo
رشو|Rasho/Rashu|Racho
حاجي|Haji/Hajji|Hadji
ممو|Mamo/Mammo|Mamo
شيخموس|Sheikhmous/Shekhmus|Cheikhmous
إيبو|Ibo/Eibo|Ibo
سيدو|Sido/Seydo|Sido
برازي|Barazi|Barazi
ملحم|Melhem/Mulhim|Melhem
الزين|Zein/Zain|Zein
الصوفي|Sufi/Soufi|Soufi
الحفار|Haffar/Hafar|Haffar
الخباز|Khabbaz/Khabaz|Khabbaz
الحداد|Haddad|Haddad
القواس|Qawwas/Kawas|Kaouas
البزرة|Bizreh/Bezra|Bizreh
الكزبري|Kuzbari/Kuzbary|Kouzbari
الخانجي|Khanji/Khanjy|Khanji
السيوفي|Siyoufi/Sioufi|Sioufi
المالح|Maleh/Malih|Maleh
النحلاوي|Nahlawi/Nahlaoui|Nahlaoui
البني|Bunni/Bonni|Bounni
الميداني|Midani/Maidani|Midani
الطباع|Tabbaa/Taba'a|Tabbaa
الدهان|Dahhan/Dahan|Dahhan
الحكيم|Hakim/Hakeem|Hakim
العاني|Ani|Ani
الموصلي|Mousili/Mosuli|Moussili
الفرا|Farra/Fara|Farra
الطيار|Tayyar/Tayar|Tayar
الجندي|Jundi/Jondi|Jundi
الحمادي|Hammadi/Hamadi|Hammadi
العلوان|Alwan/Olwan|Alouane
الفارس|Fares/Faris|Fares
الشهاب|Shehab/Shihab|Chehab
البدوي|Badawi/Badawy|Badaoui
الأسعد|Asaad/As'ad/Asad|Assaad
العبد الله|Abdullah/Abdallah|Abdallah
الشمري|Shammari/Shamari|Chammari
العنزي|Anazi/Enezi|Anazi
الجبوري|Jubouri/Jbouri|Jubouri
الدليمي|Dulaimi/Dlaimi|Doulaïmi
العبيدي|Obaidi/Ubaidi|Obeidi
الرقاوي|Raqqawi/Rakkawi|Rakkaoui
الدرعاوي|Daraawi/Dar'awi|Daraaoui
التركماني|Turkmani/Torkmani|Turkmani
الحسون|Hassoun/Hasoun|Hassoun
الخوري|Khoury/Khouri/Khuri|Khoury
عازار|Azar/Azzar|Azar
سركيس|Sarkis/Sarkees|Sarkis
حبيب|Habib/Habeeb|Habib
يوسف|Youssef/Yousef|Youssef
إسماعيل|Ismail/Ismael|Ismaïl
سليمان|Suleiman/Sulaiman|Souleimane
إبراهيم|Ibrahim|Ibrahim
مصطفى|Mustafa/Mostafa|Moustapha
قاسم|Qassem/Kassem|Kassem
حيدر|Haidar/Haydar|Haydar
شاكر|Shaker/Shakir|Chaker
سعيد|Saeed/Said|Saïd
ديبو|Dibo/Deebo|Dibo
عليوي|Aliwi/Elewi|Aliouï
الشلاح|Shallah/Shalah|Challah
الرز|Razz/Rizz|Razz
الحصري|Husari/Hosari|Housari
الصباغ|Sabbagh|Sabbagh
النوري|Nouri/Nuri|Nouri
البيك|Bek/Beik|Bek
الفلاحي|Fallahi/Falahi|Fallahi
الحراك|Harak/Hrak|Harak
السيد|Sayed/Sayyed/Said|Sayed
السيد أحمد|Sayed Ahmad/Sayyed Ahmed|Sayed Ahmed
السيد عيسى|Sayed Issa|Sayed Issa
الخالد|Khaled/Khalid|Khaled
الحمدان|Hamdan|Hamdane
الأحمر|Ahmar|Ahmar
الأخضر|Akhdar/Akhdhar|Akhdar
الأيوب|Ayoub/Ayyoub|Ayoub
العوض|Awad|Aouad
السعدي|Saadi/Sa'di|Saadi
الحريري الغزالي|Hariri Ghazali|Hariri Ghazali
الغزالي|Ghazali/Ghazaly|Ghazali
السقا|Saqqa/Sakka|Sakka
الخراط|Kharrat/Kharat|Kharrat
المصطفى|Mustafa/Moustafa|Moustapha
الكنج|Kanj|Kanj
الصمادي|Samadi/Smadi|Samadi
الرحال|Rahhal/Rahal|Rahal
الشيخ علي|Sheikh Ali/Shaikh Ali|Cheikh Ali
الشيخ حسن|Sheikh Hassan|Cheikh Hassan
الأحمد الحسن|Ahmad al-Hassan|Ahmed El Hassan
الحلاق|Hallaq/Hallak|Hallak
البرغوث|Barghouth/Barghout|Barghout
الزير|Zeer/Zir|Zir
العموري|Amouri/Amuri|Amouri
المصطفى الحسين|Mustafa al-Hussein|Moustapha El Hussein
عكاشة|Akasha/Okasha|Okacha
عرنوس|Arnous/Arnus|Arnous
شعبان|Shaaban/Shaban|Chaabane
رمضان|Ramadan/Ramadhan|Ramadane
الأطرش الحسن|Atrash al-Hassan|Atrache El Hassan
قدور|Qaddour/Kaddour|Kaddour
قنبر|Qanbar/Kanbar|Kanbar
كحيل|Kuhail/Kheil|Kouhail
اللبابيدي|Lababidi/Labbabidi|Lababidi
البيروتي|Beiruti/Bayrouti|Beyrouti
القلعجي|Qalaji/Kalaji|Kalaji
الترك|Turk/Tork|Turk
المعراوي|Maarawi/Ma'arawi|Maaraoui
الجسري|Jisri/Jesri|Jisri
الأنصاري|Ansari/Ansary|Ansari
الكواكبي|Kawakibi/Kawakbi|Kaouakibi
المدني|Madani/Madany|Madani
الدالاتي|Dalati/Dalaty|Dalati
الحفيان|Hafian/Hafyan|Hafiane
العقلة|Aqleh/Akleh|Akla
عبيد|Obeid/Ubaid|Obeid
الزهوري|Zahouri/Zhouri|Zahouri
المحيميد|Muhaimid/Mhaimid|Mhaimid
البطل|Batal/Battal|Batal
السبسبي|Sabsabi/Sebsebi|Sabsabi
الكسم|Kasm/Qasm|Kasm
طيفور|Taifour/Tayfour|Taïfour
بركات|Barakat/Barakeh|Barakat
الجراح|Jarrah/Jarah|Jarrah
المحمود|Mahmoud/Mahmud|Mahmoud
الغانم|Ghanem/Ghanim|Ghanem
الضاهر|Daher/Dhaher|Daher
الظاهر|Zaher/Dhaher|Zaher
الكعدي|Kaadi/Ka'di|Kaadi
القطيفاني|Qutaifani/Kteifani|Koutaifani
"""

# governorate: arabic | english variants | french variants | weight (share of detainees)
GOVERNORATES = """
ريف دمشق|Rif Dimashq/Damascus Countryside/Rural Damascus/Rif Damascus|Rif Damas/Damas campagne|22
حمص|Homs|Homs|14
درعا|Daraa/Deraa/Dara'a|Deraa/Daraa|12
حلب|Aleppo/Halab|Alep|12
دمشق|Damascus/Damascus City|Damas|10
حماة|Hama/Hamah|Hama|8
إدلب|Idlib/Idleb|Idleb|8
دير الزور|Deir ez-Zor/Deir Ezzor/Deir al-Zour|Deir ez-Zor/Deir Ezzor|5
اللاذقية|Latakia/Lattakia|Lattaquié|3
الرقة|Raqqa/Al-Raqqah|Raqqa|2
الحسكة|Hasakah/Al-Hasakah/Hassakeh|Hassaké|2
طرطوس|Tartus/Tartous|Tartous|1
السويداء|As-Suwayda/Sweida/Suwayda|Soueïda|1
القنيطرة|Quneitra/Kuneitra|Kuneitra|1
"""

# towns per governorate (arabic)
TOWNS = {
    "ريف دمشق": "دوما داريا|معضمية الشام|حرستا|عربين|الزبداني|مضايا|التل|يبرود|القطيفة|زملكا|كفر بطنا|قدسيا|الكسوة|ببيلا|يلدا|سقبا|حمورية|عين ترما|النبك|جديدة عرطوز|الضمير",
    "دمشق": "دمشق|الميدان|برزة|القابون|كفرسوسة|المزة|ركن الدين|جوبر|مخيم اليرموك|التضامن|باب توما|الشاغور",
    "حمص": "حمص|الرستن|تلبيسة|القصير|تلكلخ|الحولة|تدمر|كفرلاها|الغنطو|الوعر|بابا عمرو|الخالدية",
    "حماة": "حماة|السلمية|مورك|كفرزيتا|اللطامنة|حلفايا|طيبة الإمام|صوران|كفرنبودة|قلعة المضيق",
    "حلب": "حلب|منبج|الباب|عندان|حريتان|اعزاز|تل رفعت|مارع|السفيرة|الأتارب|جرابلس|دارة عزة",
    "إدلب": "إدلب|سراقب|معرة النعمان|كفرنبل|أريحا|جسر الشغور|سلقين|خان شيخون|بنش|حارم|سرمدا|تفتناز",
    "درعا": "درعا|نوى|إنخل|جاسم|طفس|الحراك|بصرى الشام|الصنمين|داعل|إزرع|الشيخ مسكين|تل شهاب|الجيزة|المسيفرة",
    "دير الزور": "دير الزور|الميادين|البوكمال|العشارة|موحسن|الشحيل|الصور",
    "اللاذقية": "اللاذقية|جبلة|الحفة|سلمى|الرمل الجنوبي",
    "الرقة": "الرقة|الطبقة|تل أبيض|المنصورة",
    "الحسكة": "الحسكة|القامشلي|رأس العين|عامودا|المالكية|الشدادي",
    "طرطوس": "طرطوس|بانياس|صافيتا|البيضا",
    "السويداء": "السويداء|شهبا|صلخد|القريا",
    "القنيطرة": "القنيطرة|خان أرنبة|جباتا الخشب",
}
# the first ريف دمشق entry is split on purpose below (دوما and داريا)
TOWNS["ريف دمشق"] = TOWNS["ريف دمشق"].replace("دوما داريا", "دوما|داريا")

# facilities: key | region (governorate or *) | weight | arabic aliases ; latin aliases
FACILITIES = """
b215|دمشق|14|الفرع 215;فرع 215;ف 215;فرع السرية 215;فرع سرية المداهمة 215|Branch 215;Raid Branch 215;Branch 215 (Raids)
b227|دمشق|12|الفرع 227;فرع المنطقة;فرع المنطقة 227;ف 227|Branch 227;Area Branch 227;Region Branch
b235|دمشق|12|فرع فلسطين;الفرع 235;ف 235;فرع فلسطين 235|Palestine Branch;Branch 235;Far' Falastin
b251|دمشق|6|فرع الخطيب;الفرع 251;ف 251|Al-Khatib Branch;Branch 251;Khatib Branch
b248|دمشق|5|الفرع 248;فرع التحقيق العسكري 248;ف 248|Branch 248;Military Interrogation Branch 248
b285|دمشق|3|الفرع 285;فرع أمن الدولة كفرسوسة;ف 285|Branch 285;State Security Kafr Sousa
mezzeh|دمشق|8|مطار المزة العسكري;فرع المخابرات الجوية المزة;سجن المزة العسكري;المخابرات الجوية - المزة|Mezzeh Military Airport;Air Force Intelligence Mezzeh;Mezze Airport
polsec|دمشق|3|فرع الأمن السياسي الفيحاء;الأمن السياسي - الفيحاء|Political Security Branch Damascus;Political Security Fayhaa
saydnaya|*|14|سجن صيدنايا;صيدنايا;سجن صيدنايا العسكري;سجن صيدنايا العسكري الأول|Saydnaya Prison;Sednaya;Saydnaya military prison;Sednaya Prison
adra|*|7|سجن عدرا المركزي;سجن دمشق المركزي;سجن عدرا|Adra Prison;Adra Central Prison;Damascus Central Prison (Adra)
mpqaboun|*|4|الشرطة العسكرية في القابون;الشرطة العسكرية - القابون|Military Police Qaboun;Qaboun Military Police
b261|حمص|6|الفرع 261;فرع الأمن العسكري بحمص;ف 261|Branch 261;Military Security Homs
homsprison|حمص|4|سجن حمص المركزي;سجن حمص|Homs Central Prison
afihoms|حمص|3|فرع المخابرات الجوية بحمص|Air Force Intelligence Homs
b290|حلب|5|الفرع 290;فرع الأمن العسكري بحلب;ف 290|Branch 290;Military Security Aleppo
aleppoprison|حلب|4|سجن حلب المركزي;سجن حلب|Aleppo Central Prison
afialeppo|حلب|3|فرع المخابرات الجوية بحلب;مخابرات جوية حلب|Air Force Intelligence Aleppo
b219|حماة|4|الفرع 219;فرع الأمن العسكري بحماة|Branch 219;Military Security Hama
hamaprison|حماة|3|سجن حماة المركزي|Hama Central Prison
b245|درعا|6|الفرع 245;فرع الأمن العسكري بدرعا;ف 245|Branch 245;Military Security Daraa
b271|إدلب|4|الفرع 271;فرع الأمن العسكري بإدلب|Branch 271;Military Security Idlib
b243|دير الزور|3|الفرع 243;فرع الأمن العسكري بدير الزور|Branch 243;Military Security Deir ez-Zor
"""
