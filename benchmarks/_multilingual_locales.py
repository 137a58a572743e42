"""What the multilingual column benchmark knows about each locale: generators, headers, dates, notes.

The headers and the notes were written for this benchmark by hand, as someone who keeps such a table in that
language might name its columns; they were not taken from the package's header vocabulary (the benchmark must
not be tuned to it, nor it to the benchmark). Names of people, streets and places come from Faker and mimesis,
or, for the three locales mimesis lacks, from the short lists below (common given names and surnames of each
country, written out here).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import _multilingual_ids as ids

#: the order of the fields in each locale's header line
HEADER_KEYS = (
    "full_name first_name surname email phone street postal_code birth_date national_id username password iban "
    "card notes city wallet order_id created price product airport storm sku version"
).split()


def _ko(d: date) -> str:
    return f"{d.year}년 {d.month:02d}월 {d.day:02d}일"


def _cjk(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


#: birth-date formats as they are written locally
DATE_FORMATS: dict[str, Callable[[date], str]] = {
    "iso": lambda d: d.isoformat(),
    "compact": lambda d: d.strftime("%Y%m%d"),
    "dot": lambda d: d.strftime("%d.%m.%Y"),
    "dot_nopad": lambda d: f"{d.day}.{d.month}.{d.year}",
    "cs": lambda d: f"{d.day}. {d.month}. {d.year}",
    "slash": lambda d: d.strftime("%d/%m/%Y"),
    "dash_dmy": lambda d: d.strftime("%d-%m-%Y"),
    "ymd_slash": lambda d: d.strftime("%Y/%m/%d"),
    "ymd_dot": lambda d: d.strftime("%Y.%m.%d."),
    "hu": lambda d: d.strftime("%Y. %m. %d."),
    "ko": _ko,
    "cjk": _cjk,
}


@dataclass(frozen=True)
class LocaleSpec:
    """One locale of the benchmark."""

    code: str  # e.g. "pl_PL"
    faker: str  # Faker's locale name
    mimesis: str | None  # mimesis' Locale value, None when mimesis has no such locale
    national_id: ids.Generator
    id_entity: str  # the catalogue's name for that number
    iban: tuple[str, int] | None  # (country, length) when the country uses IBANs
    dates: tuple[str, str]  # birth-date format under local headers, under unhelpful headers
    headers: str  # "|"-separated, in HEADER_KEYS order
    notes: tuple[str, ...]  # short non-personal sentences
    currency: str  # "{:.2f} zł" style
    comma: bool = True  # decimal comma in prices

    def header(self, key: str) -> str:
        return dict(zip(HEADER_KEYS, self.headers.split("|"), strict=True))[key]


LOCALES: tuple[LocaleSpec, ...] = (
    LocaleSpec(
        "ja_JP",
        "ja_JP",
        "ja",
        ids.my_number,
        "NATIONAL_ID",
        None,
        ("cjk", "ymd_slash"),
        "氏名|名|姓|メールアドレス|電話番号|住所|郵便番号|生年月日|マイナンバー|ユーザー名|パスワード|IBAN|カード番号|備考|"
        "市区町村|アドレス|注文番号|作成日時|価格|商品名|空港|台風名|品番|バージョン",
        ("配送センターで荷物が遅延しました", "交換品を手配済みです", "在庫の入荷待ちです", "再配達は明日の予定です"),
        "¥{:,.0f}",
        comma=False,
    ),
    LocaleSpec(
        "zh_CN",
        "zh_CN",
        "zh",
        ids.shenfenzheng,
        "NATIONAL_ID",
        None,
        ("cjk", "iso"),
        "姓名|名字|姓氏|电子邮箱|手机号|详细地址|邮政编码|出生日期|身份证号|用户名|密码|IBAN|银行卡号|备注|城市|地址|"
        "订单号|创建时间|价格|商品名称|机场|台风名称|商品编码|版本号",
        ("包裹在分拣中心延误", "已安排补发", "等待仓库补货", "工单已升级处理"),
        "¥{:.2f}",
        comma=False,
    ),
    LocaleSpec(
        "ko_KR",
        "ko_KR",
        "ko",
        ids.rrn,
        "NATIONAL_ID",
        None,
        ("ko", "ymd_dot"),
        "성명|이름|성|이메일|연락처|도로명주소|우편번호|생년월일|주민등록번호|아이디|비밀번호|IBAN|카드번호|메모|도시|주소|"
        "주문번호|생성일시|가격|상품명|공항|태풍 이름|상품코드|버전",
        ("물류센터에서 배송이 지연됨", "교환 상품 발송 완료", "재고 입고 대기 중", "내일 재배송 예정"),
        "{:,.0f}원",
        comma=False,
    ),
    LocaleSpec(
        "ru_RU",
        "ru_RU",
        "ru",
        ids.snils,
        "NATIONAL_ID",
        ("RU", 33),
        ("dot", "dot"),
        "ФИО|Имя|Фамилия|Эл. почта|Телефон|Улица, дом|Почтовый индекс|Дата рождения|СНИЛС|Логин|Пароль|IBAN|"
        "Номер карты|Примечание|Город|Адрес|Номер заказа|Дата создания|Цена|Товар|Аэропорт|Название шторма|Артикул|Версия",
        (
            "Посылка задержана на сортировочном центре",
            "Замена оформлена",
            "Ожидаем поступления на склад",
            "Повторная доставка завтра",
        ),
        "{:.2f} ₽",
    ),
    LocaleSpec(
        "uk_UA",
        "uk_UA",
        "uk",
        ids.rnokpp,
        "NATIONAL_ID",
        ("UA", 29),
        ("dot", "dot"),
        "ПІБ|Ім'я|Прізвище|Електронна пошта|Телефон|Вулиця, будинок|Поштовий індекс|Дата народження|РНОКПП|Логін|"
        "Пароль|IBAN|Номер картки|Примітка|Місто|Адреса|Номер замовлення|Дата створення|Ціна|Товар|Аеропорт|"
        "Назва шторму|Артикул|Версія",
        (
            "Посилка затримана на сортувальному центрі",
            "Заміну оформлено",
            "Очікуємо надходження на склад",
            "Повторна доставка завтра",
        ),
        "{:.2f} грн",
    ),
    LocaleSpec(
        "pl_PL",
        "pl_PL",
        "pl",
        ids.pesel,
        "NATIONAL_ID",
        ("PL", 28),
        ("dot", "iso"),
        "Imię i nazwisko|Imię|Nazwisko|E-mail|Telefon|Ulica i numer|Kod pocztowy|Data urodzenia|PESEL|Login|Hasło|"
        "Numer konta (IBAN)|Numer karty|Uwagi|Miasto|Adres|Nr zamówienia|Data utworzenia|Cena|Nazwa produktu|"
        "Lotnisko|Nazwa orkanu|Kod SKU|Wersja",
        (
            "Paczka utknęła w sortowni",
            "Wysłano towar zastępczy",
            "Czekamy na dostawę do magazynu",
            "Ponowna dostawa jutro",
        ),
        "{:.2f} zł",
    ),
    LocaleSpec(
        "cs_CZ",
        "cs_CZ",
        "cs",
        ids.rodne_cislo,
        "NATIONAL_ID",
        ("CZ", 24),
        ("cs", "dot"),
        "Jméno a příjmení|Jméno|Příjmení|E-mail|Telefon|Ulice a č. p.|PSČ|Datum narození|Rodné číslo|"
        "Uživatelské jméno|Heslo|IBAN|Číslo karty|Poznámka|Město|Adresa|Číslo objednávky|Vytvořeno|Cena|"
        "Název produktu|Letiště|Název bouře|Kód zboží|Verze",
        ("Zásilka uvízla na třídírně", "Náhradní zboží odesláno", "Čekáme na naskladnění", "Nové doručení zítra"),
        "{:.2f} Kč",
    ),
    LocaleSpec(
        "tr_TR",
        "tr_TR",
        "tr",
        ids.tc_kimlik,
        "NATIONAL_ID",
        ("TR", 26),
        ("dot", "slash"),
        "Ad Soyad|Ad|Soyad|E-posta|Telefon|Açık adres|Posta kodu|Doğum tarihi|TC Kimlik No|Kullanıcı adı|Şifre|"
        "IBAN|Kart numarası|Notlar|Şehir|Adres|Sipariş no|Oluşturulma tarihi|Fiyat|Ürün adı|Havalimanı|"
        "Fırtına adı|Stok kodu|Sürüm",
        (
            "Kargo aktarma merkezinde gecikti",
            "Yedek ürün gönderildi",
            "Depoya stok girişi bekleniyor",
            "Tekrar teslimat yarın",
        ),
        "{:.2f} TL",
    ),
    LocaleSpec(
        "pt_BR",
        "pt_BR",
        "pt-br",
        ids.cpf,
        "BR_CPF",
        ("BR", 29),
        ("slash", "slash"),
        "Nome completo|Nome|Sobrenome|E-mail|Telefone|Logradouro|CEP|Data de nascimento|CPF|Usuário|Senha|IBAN|"
        "Número do cartão|Observações|Cidade|Endereço|Nº do pedido|Criado em|Preço|Produto|Aeroporto|"
        "Nome da tempestade|Código SKU|Versão",
        (
            "Pacote atrasado no centro de distribuição",
            "Produto de reposição enviado",
            "Aguardando estoque",
            "Nova tentativa de entrega amanhã",
        ),
        "R$ {:.2f}",
    ),
    LocaleSpec(
        "sv_SE",
        "sv_SE",
        "sv",
        ids.personnummer,
        "NATIONAL_ID",
        ("SE", 24),
        ("compact", "iso"),
        "Namn|Förnamn|Efternamn|E-post|Telefonnummer|Gatuadress|Postnummer|Födelsedatum|Personnummer|Användarnamn|"
        "Lösenord|IBAN|Kortnummer|Anteckningar|Ort|Adress|Ordernummer|Skapad|Pris|Produktnamn|Flygplats|"
        "Stormens namn|Artikelnummer|Version",
        (
            "Paketet försenat på terminalen",
            "Ersättningsvara skickad",
            "Väntar på leverans till lagret",
            "Ny utkörning i morgon",
        ),
        "{:.2f} kr",
    ),
    LocaleSpec(
        "da_DK",
        "da_DK",
        "da",
        ids.cpr,
        "NATIONAL_ID",
        ("DK", 18),
        ("dash_dmy", "dot"),
        "Fulde navn|Fornavn|Efternavn|E-mail|Telefonnummer|Vejnavn og nr.|Postnummer|Fødselsdato|CPR-nummer|"
        "Brugernavn|Adgangskode|IBAN|Kortnummer|Bemærkninger|By|Adresse|Ordrenummer|Oprettet|Pris|Produktnavn|"
        "Lufthavn|Stormnavn|Varenummer|Version",
        (
            "Pakken er forsinket på terminalen",
            "Erstatningsvare sendt",
            "Afventer varer på lager",
            "Ny levering i morgen",
        ),
        "{:.2f} kr.",
    ),
    LocaleSpec(
        "nb_NO",
        "no_NO",
        "no",
        ids.fodselsnummer,
        "NATIONAL_ID",
        ("NO", 15),
        ("dot", "dot"),
        "Fullt navn|Fornavn|Etternavn|E-post|Telefon|Gateadresse|Postnummer|Fødselsdato|Fødselsnummer|Brukernavn|"
        "Passord|IBAN|Kortnummer|Merknad|Poststed|Adresse|Ordrenummer|Opprettet|Pris|Produktnavn|Flyplass|"
        "Navn på uvær|Varenummer|Versjon",
        (
            "Pakken er forsinket på terminalen",
            "Erstatningsvare sendt",
            "Venter på varer til lageret",
            "Ny utkjøring i morgen",
        ),
        "kr {:.2f}",
    ),
    LocaleSpec(
        "fi_FI",
        "fi_FI",
        "fi",
        ids.henkilotunnus,
        "NATIONAL_ID",
        ("FI", 18),
        ("dot_nopad", "dot_nopad"),
        "Koko nimi|Etunimi|Sukunimi|Sähköposti|Puhelinnumero|Katuosoite|Postinumero|Syntymäaika|Henkilötunnus|"
        "Käyttäjätunnus|Salasana|IBAN|Kortin numero|Lisätiedot|Kaupunki|Osoite|Tilausnumero|Luotu|Hinta|"
        "Tuotenimi|Lentoasema|Myrskyn nimi|Tuotekoodi|Versio",
        (
            "Paketti viivästyi lajittelukeskuksessa",
            "Korvaava tuote lähetetty",
            "Odotetaan varastoon saapumista",
            "Uusi jakelu huomenna",
        ),
        "{:.2f} €",
    ),
    LocaleSpec(
        "hu_HU",
        "hu_HU",
        "hu",
        ids.taj,
        "NATIONAL_ID",
        ("HU", 28),
        ("hu", "iso"),
        "Teljes név|Keresztnév|Vezetéknév|E-mail-cím|Telefonszám|Utca, házszám|Irányítószám|Születési dátum|"
        "TAJ-szám|Felhasználónév|Jelszó|IBAN|Kártyaszám|Megjegyzés|Település|Cím|Rendelésszám|Létrehozva|Ár|"
        "Termék neve|Repülőtér|Vihar neve|Cikkszám|Verzió",
        (
            "A csomag késik a logisztikai központban",
            "A cseretermék elküldve",
            "Raktári beérkezésre vár",
            "Újabb kézbesítés holnap",
        ),
        "{:,.0f} Ft",
        comma=False,
    ),
    LocaleSpec(
        "ro_RO",
        "ro_RO",
        None,
        ids.cnp,
        "NATIONAL_ID",
        ("RO", 24),
        ("dot", "dot"),
        "Nume complet|Prenume|Nume de familie|E-mail|Telefon|Stradă și număr|Cod poștal|Data nașterii|CNP|"
        "Nume utilizator|Parolă|IBAN|Număr card|Observații|Localitate|Adresă|Nr. comandă|Creat la|Preț|"
        "Denumire produs|Aeroport|Numele furtunii|Cod produs|Versiune",
        (
            "Coletul a întârziat la centrul de sortare",
            "Produsul de înlocuire a fost trimis",
            "Se așteaptă reaprovizionarea",
            "Livrare reprogramată pentru mâine",
        ),
        "{:.2f} lei",
    ),
    LocaleSpec(
        "el_GR",
        "el_GR",
        "el",
        ids.amka,
        "NATIONAL_ID",
        ("GR", 27),
        ("slash", "slash"),
        "Ονοματεπώνυμο|Όνομα|Επώνυμο|Email|Τηλέφωνο|Οδός και αριθμός|Τ.Κ.|Ημερομηνία γέννησης|ΑΜΚΑ|Όνομα χρήστη|"
        "Κωδικός πρόσβασης|IBAN|Αριθμός κάρτας|Σημειώσεις|Πόλη|Διεύθυνση|Αρ. παραγγελίας|Ημ/νία δημιουργίας|Τιμή|"
        "Προϊόν|Αεροδρόμιο|Όνομα καταιγίδας|Κωδικός είδους|Έκδοση",
        (
            "Το δέμα καθυστέρησε στο κέντρο διαλογής",
            "Στάλθηκε προϊόν αντικατάστασης",
            "Αναμένεται απόθεμα",
            "Νέα παράδοση αύριο",
        ),
        "{:.2f} €",
    ),
    LocaleSpec(
        "ar_SA",
        "ar_SA",
        "ar-sa",
        ids.saudi_id,
        "NATIONAL_ID",
        ("SA", 24),
        ("slash", "iso"),
        "الاسم الكامل|الاسم الأول|اسم العائلة|البريد الإلكتروني|رقم الجوال|اسم الشارع|الرمز البريدي|تاريخ الميلاد|"
        "رقم الهوية الوطنية|اسم المستخدم|كلمة المرور|الآيبان|رقم البطاقة|ملاحظات|المدينة|العنوان|رقم الطلب|"
        "تاريخ الإنشاء|السعر|اسم المنتج|المطار|اسم العاصفة|رمز المنتج|الإصدار",
        ("تأخرت الشحنة في مركز الفرز", "تم إرسال منتج بديل", "بانتظار توفر المخزون", "إعادة التوصيل غدا"),
        "{:.2f} ر.س",
        comma=False,
    ),
    LocaleSpec(
        "he_IL",
        "he_IL",
        None,
        ids.teudat_zehut,
        "NATIONAL_ID",
        ("IL", 23),
        ("dot", "slash"),
        'שם מלא|שם פרטי|שם משפחה|דוא"ל|טלפון|רחוב ומספר|מיקוד|תאריך לידה|מספר זהות|שם משתמש|סיסמה|IBAN|'
        'מספר כרטיס|הערות|עיר|כתובת|מספר הזמנה|נוצר בתאריך|מחיר|שם המוצר|נמל תעופה|שם הסערה|מק"ט|גרסה',
        ("החבילה התעכבה במרכז המיון", "נשלח מוצר חלופי", "ממתינים למלאי", "משלוח חוזר מחר"),
        "₪{:.2f}",
        comma=False,
    ),
    LocaleSpec(
        "hi_IN",
        "hi_IN",
        None,
        ids.aadhaar,
        "IN_AADHAAR",
        None,
        ("dash_dmy", "slash"),
        "पूरा नाम|पहला नाम|उपनाम|ईमेल|मोबाइल नंबर|मकान व गली|पिन कोड|जन्म तिथि|आधार संख्या|यूज़रनेम|पासवर्ड|IBAN|"
        "कार्ड नंबर|टिप्पणी|शहर|पता|ऑर्डर आईडी|बनाया गया|मूल्य|उत्पाद का नाम|हवाई अड्डा|तूफ़ान का नाम|एसकेयू|संस्करण",
        ("पार्सल छँटाई केंद्र पर रुका हुआ है", "बदले में नया सामान भेजा गया", "स्टॉक आने का इंतज़ार है", "कल दोबारा डिलीवरी होगी"),
        "₹{:,.2f}",
        comma=False,
    ),
    LocaleSpec(
        "de_DE",
        "de_DE",
        "de",
        ids.steuer_id,
        "NATIONAL_ID",
        ("DE", 22),
        ("dot", "iso"),
        "Vollständiger Name|Vorname|Nachname|E-Mail|Telefon|Straße und Hausnummer|PLZ|Geburtsdatum|Steuer-ID|"
        "Benutzername|Passwort|IBAN|Kartennummer|Bemerkungen|Ort|Adresse|Bestellnummer|Erstellt am|Preis|"
        "Produktname|Flughafen|Sturmname|Artikelnummer|Version",
        (
            "Paket im Verteilzentrum verzögert",
            "Ersatzartikel verschickt",
            "Warten auf Wareneingang",
            "Neue Zustellung morgen",
        ),
        "{:.2f} €",
    ),
    LocaleSpec(
        "fr_FR",
        "fr_FR",
        "fr",
        ids.nir,
        "NATIONAL_ID",
        ("FR", 27),
        ("slash", "slash"),
        "Nom complet|Prénom|Nom|Courriel|Téléphone|N° et voie|Code postal|Date de naissance|N° de sécurité sociale|"
        "Identifiant|Mot de passe|IBAN|N° de carte|Remarques|Ville|Adresse|N° de commande|Créé le|Prix|Produit|"
        "Aéroport|Nom de la tempête|Référence|Version",
        (
            "Colis retardé au centre de tri",
            "Article de remplacement expédié",
            "En attente de réapprovisionnement",
            "Nouvelle livraison demain",
        ),
        "{:.2f} €",
    ),
    LocaleSpec(
        "es_ES",
        "es_ES",
        "es",
        ids.dni,
        "ES_NIF",
        ("ES", 24),
        ("slash", "dash_dmy"),
        "Nombre completo|Nombre|Apellidos|Correo electrónico|Teléfono|Calle y número|Código postal|"
        "Fecha de nacimiento|DNI|Usuario|Contraseña|IBAN|Número de tarjeta|Observaciones|Localidad|Dirección|"
        "N.º de pedido|Fecha de creación|Precio|Producto|Aeropuerto|Nombre de la borrasca|Referencia|Versión",
        (
            "Paquete retrasado en el centro logístico",
            "Artículo de sustitución enviado",
            "Pendiente de reposición",
            "Nuevo intento de entrega mañana",
        ),
        "{:.2f} €",
    ),
    LocaleSpec(
        "it_IT",
        "it_IT",
        "it",
        ids.codice_fiscale,
        "NATIONAL_ID",
        ("IT", 27),
        ("slash", "slash"),
        "Nome e cognome|Nome|Cognome|E-mail|Telefono|Via e numero civico|CAP|Data di nascita|Codice fiscale|"
        "Nome utente|Password|IBAN|Numero carta|Note|Città|Indirizzo|N. ordine|Creato il|Prezzo|Prodotto|"
        "Aeroporto|Nome della tempesta|Codice articolo|Versione",
        (
            "Pacco in ritardo al centro di smistamento",
            "Articolo sostitutivo spedito",
            "In attesa di rifornimento",
            "Nuova consegna domani",
        ),
        "€ {:.2f}",
    ),
    LocaleSpec(
        "nl_NL",
        "nl_NL",
        "nl",
        ids.bsn,
        "NATIONAL_ID",
        ("NL", 18),
        ("dash_dmy", "dash_dmy"),
        "Volledige naam|Voornaam|Achternaam|E-mailadres|Telefoonnummer|Straat en huisnummer|Postcode|Geboortedatum|"
        "BSN|Gebruikersnaam|Wachtwoord|IBAN|Kaartnummer|Opmerkingen|Woonplaats|Adres|Bestelnummer|Aangemaakt op|"
        "Prijs|Productnaam|Luchthaven|Naam van de storm|Artikelnummer|Versie",
        (
            "Pakket vertraagd in het sorteercentrum",
            "Vervangend artikel verzonden",
            "Wacht op nieuwe voorraad",
            "Nieuwe bezorging morgen",
        ),
        "€ {:.2f}",
    ),
)

BY_CODE = {spec.code: spec for spec in LOCALES}

# ------------------------------------------------------------------------------------------------------------
# own lists for the locales mimesis does not have: common given names and surnames, streets, cities, phones

OWN_PEOPLE: dict[str, dict[str, tuple[str, ...]]] = {
    "ro_RO": {
        "first": tuple(
            "Andrei Alexandru Mihai Ionuț Cristian Florin Gabriel Bogdan Adrian Răzvan Vlad Sorin Marius Cosmin "
            "Ioana Maria Elena Andreea Alexandra Cristina Mihaela Roxana Diana Simona Raluca Oana Bianca Laura "
            "Irina Georgiana".split()
        ),
        "last": tuple(
            "Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin "
            "Marin Florea Mocanu Dinu Lungu Sandu Moldovan Ene Nistor Tudor Barbu Neagu Cristea Preda Lazăr "
            "Toma".split()
        ),
        "street": ("Strada", "Bulevardul", "Calea", "Aleea", "Șoseaua"),
        "street_name": tuple(
            "Victoriei Mihai Eminescu Libertății Unirii Florilor Republicii Independenței Carpați Dacia "
            "Tineretului Avram Iancu Ștefan cel Mare".split()
        ),
        "city": tuple("București Cluj-Napoca Iași Timișoara Constanța Craiova Brașov Galați Ploiești Oradea".split()),
    },
    "he_IL": {
        "first": tuple(
            "נועם אורי איתי יונתן דניאל עומר אריאל יוסף דוד משה אברהם יעקב עידו רועי אלון "
            "נועה מאיה תמר שירה יעל מיכל רחל שרה הילה ליאור אביגיל עדי רוני ענבל אסתר".split()
        ),
        "last": tuple(
            "כהן לוי מזרחי פרץ ביטון דהן אברהם פרידמן אגבאריה מלכה אזולאי כץ יוסף דוד עמר "
            "אוחיון חדד גבאי בן-דוד שפירא גולדברג רוזנברג אשכנזי סגל וקנין שטרן ברק חזן נחום זילברמן".split()
        ),
        "street": ("רחוב", "שדרות", "דרך"),
        "street_name": tuple("הרצל ויצמן ז'בוטינסקי רוטשילד בן-גוריון הנביאים יפו העצמאות אלנבי סוקולוב".split()),
        "city": tuple("ירושלים תל-אביב חיפה ראשון-לציון פתח-תקווה אשדוד נתניה באר-שבע חולון רמת-גן".split()),
    },
    "hi_IN": {
        "first": tuple(
            "राहुल अमित सुनील विजय राजेश अनिल संजय मनोज अजय रवि विकास अंकित दीपक सौरभ आकाश "
            "प्रिया पूजा नेहा अंजलि सुनीता कविता रीना स्वाति ममता सीमा आरती दिव्या श्वेता ज्योति रेखा".split()
        ),
        "last": tuple(
            "शर्मा वर्मा गुप्ता सिंह कुमार यादव पटेल मिश्रा जोशी तिवारी पांडेय चौहान अग्रवाल शुक्ला "
            "श्रीवास्तव मेहता राठौर त्रिपाठी चौधरी दुबे सक्सेना भट्ट नायर रेड्डी अय्यर कपूर मल्होत्रा बंसल "
            "ठाकुर गोयल".split()
        ),
        "street": ("मार्ग", "नगर", "कॉलोनी"),
        "street_name": tuple("गांधी नेहरू शिवाजी सुभाष पटेल अंबेडकर राजेंद्र लाजपत तिलक विवेकानंद".split()),
        "city": tuple("दिल्ली मुंबई कोलकाता चेन्नई बेंगलुरु हैदराबाद पुणे जयपुर लखनऊ कानपुर".split()),
    },
}


def own_phone(rng: random.Random, code: str) -> str:
    """A mobile number in the way each of these countries writes them."""
    if code == "ro_RO":
        return f"07{rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    if code == "he_IL":
        return f"05{rng.randint(0, 8)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    return f"+91 {rng.randint(70000, 99999)} {rng.randint(10000, 99999)}"


def own_postal_code(rng: random.Random, code: str) -> str:
    if code == "he_IL":
        return f"{rng.randint(1000000, 9999999)}"
    return f"{rng.randint(100000, 899999)}"


def own_street(rng: random.Random, code: str) -> str:
    lists = OWN_PEOPLE[code]
    kind, name, number = rng.choice(lists["street"]), rng.choice(lists["street_name"]), rng.randint(1, 240)
    if code == "hi_IN":
        return f"{number}, {name} {kind}"
    if code == "ro_RO":
        return f"{kind} {name} nr. {number}"
    return f"{kind} {name} {number}"
