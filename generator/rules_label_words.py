"""The labels a description's lines may carry, for the rules-only reading
(`generator.rules_labels`): what "Titre :", "Publisher:", "Erscheinungsjahr:" or "Publish Date"
names, in the languages of the catalogues, bibliographies and booksellers users copy from.

Kept apart from `generator.rules_lexicon` because it grows with every source read: each new
display adds its words here and nowhere else.
"""

from __future__ import annotations

import re

from generator.rules_lexicon import fold

# "Label : value", "Label<TAB>value", "Label - value", in any script ("Tytuł:", "العنوان:",
# "出版者：").
LABEL = re.compile(
    r"^\s*+((?:[^\W\d_]|[()'/. ])(?:[^\W\d_]|[()'/., \-_]){1,39}?)\s*(?::|：|\t| - )\s*(.+)$"
)
# What a label names, by its first word (French and English, accents and case folded).
LABELS = {
    "titre": "title", "title": "title", "sous-titre": "subtitle", "subtitle": "subtitle",
    "complement": "subtitle", "other": "subtitle", "mention": "responsibility",
    "statement": "responsibility", "auteur": "responsibility", "author": "responsibility",
    "par": "responsibility", "by": "responsibility", "auteurs": "names", "authors": "names",
    "contributeurs": "names", "contributors": "names", "noms": "names", "names": "names",
    "edition": "edition", "lieu": "place", "ville": "place", "place": "place", "city": "place",
    "editeur": "publisher", "maison": "publisher", "publisher": "publisher", "date": "date",
    "annee": "date", "year": "date", "publication": "date", "pagination": "extent",
    "nombre": "extent", "pages": "extent", "extent": "extent", "description": "extent",
    "physical": "extent", "format": "size", "dimensions": "size", "size": "size",
    "collection": "series", "series": "series", "langue": "language", "language": "language",
    "note": "note", "notes": "note", "remarque": "note", "pays": "country", "country": "country",
    "creator": "names", "contributor": "names", "type": "kind", "titres": "title",
    "personal": "names", "published": "publisher", "imprint": "publisher",
    # What a catalogue displays beside the description: subjects, summaries, shelf marks, links.
    "subjects": "skip", "subject": "skip", "sujets": "skip", "sujet": "skip", "summary": "skip",
    "resume": "skip", "abstract": "skip", "contents": "skip", "cote": "skip", "call": "skip",
    "lccn": "skip", "oclc": "skip", "url": "skip", "holdings": "skip", "location": "skip",
    "permalink": "skip", "genre/form": "skip", "impression": "skip", "printer": "skip",
    "ubicacio": "skip", "ubicacion": "skip", "standort": "skip", "sygnatura": "skip",
    "shelfmark": "skip", "emplacement": "skip", "collocazione": "skip",
    "imprimeur": "skip",  # the printer beside the publisher (BnF's display): no 210$c
    # A bookseller's page: the binding names the extent ("Broché : 312 pages").
    "poche": "extent", "broche": "extent", "relie": "extent", "paperback": "extent",
    "hardcover": "extent", "length": "extent", "support": "kind", "poids": "skip",
    "classement": "skip", "commentaires": "skip", "composer": "names", "compositeur": "names",
}  # fmt: skip
# Other languages' catalogues' labels (Italian SBN, Spanish BNE, German DNB, Portuguese PORBASE),
# matched exactly: forgiven a typo, "pais" would take "Paris : Richault, 1893" for a label.
FOREIGN_LABELS = {
    "titolo": "title", "titulo": "title", "titel": "title", "autore": "names", "autor": "names",
    "verfasser": "names", "person": "names", "personen": "names", "editore": "publisher",
    "editorial": "publisher", "editora": "publisher", "verlag": "publisher",
    "pubblicazione": "publisher", "publicacion": "publisher", "publicacao": "publisher",
    "erscheinungsvermerk": "publisher", "veroffentlichung": "publisher", "luogo": "place",
    "lugar": "place", "ort": "place", "erscheinungsort": "place", "anno": "date", "ano": "date",
    "jahr": "date", "erscheinungsjahr": "date", "erscheinungsdatum": "date",
    "descrizione": "extent", "descripcion": "extent", "descricao": "extent", "umfang": "extent",
    "collana": "series", "coleccion": "series", "colecao": "series", "reihe": "series",
    "serie": "series", "gesamttitel": "series", "lingua": "language", "idioma": "language",
    "sprache": "language", "nota": "note", "notas": "note", "anmerkung": "note",
    "paese": "country", "pais": "country", "ausgabe": "edition", "auflage": "edition",
    "organisation": "bodies", "organisationen": "bodies", "korperschaft": "bodies",
    "edizione": "edition", "edicion": "edition", "edicao": "edition",
    "nomi": "names", "collezione": "series", "tipo": "kind", "lengua": "language",
    "entidades": "bodies", "titlu": "title", "subtitlu": "subtitle", "editura": "publisher",
    "publicare": "publisher", "loc": "place", "anul": "date", "anii": "date", "limba": "language",
    "descriere": "extent", "colectie": "series", "tip": "kind", "autori": "names",
    "responsabilitate": "responsibility", "beteiligt": "names", "erschienen": "publisher",
    "medientyp": "kind", "enti": "bodies", "aineistotyyppi": "kind", "julkaistu": "publisher",
    "ulkoasu": "extent", "kieli": "language", "huomautukset": "note", "nimeke": "title",
    "tekija": "names", "sarja": "series", "uitgave": "publisher", "uitgever": "publisher",
    "corporatie": "bodies", "annotatie": "note", "taal": "language", "vorm": "kind",
    "omvang": "extent", "reeks": "series", "druk": "edition", "jaar": "date", "plaats": "place",
    "utgivning": "publisher", "utgivare": "publisher", "forlag": "publisher", "upphov": "names",
    "sprak": "language", "omfang": "extent", "anmarkning": "note", "upplaga": "edition",
    "amnesord": "skip", "tittel": "title", "forfatter": "names", "udgivet": "publisher",
    "utgitt": "publisher", "sprog": "language", "udgave": "edition", "utgave": "edition",
    "seria": "series", "uwagi": "note", "wydanie": "edition", "wydawca": "publisher",
    "jezyk": "language", "nazev": "title", "nakladatel": "publisher", "vydani": "edition",
    "rozsah": "extent", "edice": "series", "jazyk": "language", "poznamka": "note",
    "naslov": "title", "impresum": "publisher", "izdanje": "edition", "nakladnik": "publisher",
    "jezik": "language", "zalozba": "publisher", "zbirka": "series", "napomena": "note",
    "opombe": "note", "cim": "title", "szerzo": "names", "kiadas": "edition",
    "megjelenes": "publisher", "terjedelem": "extent", "sorozat": "series", "nyelv": "language",
    # matched exactly too, as a typo forgiven would take "Paris" for "Preis"
    "collectivite": "bodies", "collectivites": "bodies", "commentaire": "skip",
    "observations": "skip", "priorite": "skip", "sortie": "skip", "hauteur": "size",
    "demandeur": "skip", "datum": "skip", "preis": "skip", "bezugsart": "skip",
    "signatur": "skip", "couleur": "skip", "urgence": "skip", "caixa": "skip", "priority": "skip",
    "problem": "skip", "resource": "title", "adresse": "publisher", "collation": "extent",
    "revue": "title", "recueil": "skip",
    "megjegyzes": "note", "bemerkung": "skip", "heft": "skip", "seiten": "skip",
    "leto": "date", "antraste": "title", "kolektyvas": "bodies", "apimtis": "extent",
    "pastabos": "note", "kalba": "language", "autorius": "names", "serija": "series",
    "nosaukums": "title", "autors": "names", "valoda": "language", "pealkiri": "title",
    "ilmunud": "publisher", "keel": "language", "sari": "series", "markus": "note",
    "markused": "note", "yazar": "names", "dil": "language", "seri": "series", "notlar": "note",
    "julkaisutiedot": "publisher", "huomautus": "note", "julkaisumaa": "country",
    "coleccao": "series", "tamano": "size", "zaloznistvo": "publisher", "avtor": "names",
    "ciudad": "place", "cidade": "place", "citta": "place", "stadt": "place",
    "prix": "skip", "ref": "skip", "client": "skip", "compte": "skip",
    "verf.": "names", "verf": "names", "bem.": "skip", "besteller": "skip",
    # Indonesia's and Malaysia's catalogues (SLiMS, INLIS)
    "judul": "title", "pengarang": "names", "penerbit": "publisher", "terbitan": "publisher",
    "bahasa": "language", "edisi": "edition", "catatan": "note", "subjek": "skip",
    "ketersediaan": "skip", "penerbitan": "publisher", "pengarang/penyunting": "names",
    "kiado": "publisher", "evfolyamok": "date", "tipus": "kind", "orszag": "country",
    # KBART, the title lists e-resource platforms export (NISO RP-9)
    "publication_title": "title", "print_identifier": "skip", "online_identifier": "skip",
    "date_first_issue_online": "date", "publisher_name": "publisher", "first_author": "names",
    "publication_type": "kind", "title_url": "skip", "title_id": "skip", "embargo_info": "skip",
    "coverage_depth": "skip", "first_editor": "names", "date_monograph_published_print": "date",
    "monograph_edition": "edition",
    "oldalszam": "extent", "meret": "size", "komponist": "names", "compositore": "names",
    "odpowiedzialnosc": "responsibility", "verantwortlich": "responsibility",
    "verantwortlichkeitsangabe": "responsibility",
    # a table's columns: Catalan's, a register's number, a list of journals
    "any": "date", "titol": "title", "num.": "skip", "since": "start",
    "udgiver": "publisher", "sted": "place", "fra_aar": "start", "aar": "date",
    "start_year": "start", "end_year": "end", "depuis": "start", "seit": "start",
    "desde": "start", "first_year": "start", "issuer": "bodies", "til_aar": "end",
    "last_year": "end", "ceased": "end",
}  # fmt: skip
# Labels whose first word alone would mislead ("Other title" is a subtitle, "Other authors" not).
LONG_LABELS = {
    "general note": "note", "general notes": "note",
    "indicazione di responsabilita": "responsibility",
    "main author": "names", "other authors": "names", "other names": "names",
    "added entries": "names", "corporate name": "bodies", "related names": "names",
    "main title": "title", "autor colectiv": "bodies",
    "title statement": "title", "published/created": "publisher",
    "physical description": "extent", "lc control no.": "skip", "lc classification": "skip",
    "dewey class no.": "skip", "online access": "skip", "item type": "skip",
    # Persons labelled by their role ("Translator: William Weaver"), matched whole: forgiven a
    # typo, "Introduction : ..." would be a translator's.
    "translator": "others\x1f730", "traducteur": "others\x1f730", "traduction": "others\x1f730",
    "illustrator": "others\x1f440", "illustrateur": "others\x1f440",
    "illustrations": "others\x1f440", "prefacier": "others\x1f080", "preface": "others\x1f080",
    "foreword": "others\x1f080", "editor": "others\x1f340", "editors": "others\x1f340",
    "directeur de recherche": "others\x1f727", "directeur de these": "others\x1f727",
    "directrice de these": "others\x1f727", "thesis supervisor": "others\x1f727",
    "supervisor": "others\x1f727", "relatore": "others\x1f727",
    "director de tesis": "others\x1f727",
    "type de document": "skip", "edition/format": "skip", "print length": "extent",
    "item weight": "skip", "unknown binding": "extent", "publish date": "date",
    "published in": "place", "creation date": "date", "date de creation": "date",
    "edition notes": "note", "best sellers rank": "skip", "customer reviews": "skip",
    "edition language": "language", "place of publication": "place",
    "publication date": "date", "number of pages": "extent", "start time": "date",
    "instance of": "kind", "country of origin": "country", "place / publisher": "publisher",
    "issuing body": "bodies", "requested by": "skip", "fund code": "skip",
    "type of order": "skip", "start year": "start", "end year": "end", "status": "skip",
    "publisher history": "skip", "corporate author": "bodies", "language of text": "language",
    "serial type": "kind", "previous publisher": "skip", "earlier publisher": "skip",
    "adres wydawniczy": "publisher", "typ dokumentu": "kind", "kraj wydania": "country",
    "opis fizyczny": "extent", "materijalni opis": "extent",
    "fizicni opis": "extent", "nakl. udaje": "publisher", "nakladatelske udaje": "publisher",
    "first published": "date", "aparitie": "publisher", "drugi avtorji": "names",
    "vrsta gradiva": "kind", "fyzicky popis": "extent", "lieu, editeur, date": "publisher",
    # request and order forms: what the reader or the service asks, no part of the record
    "lieu / editeur": "publisher", "ort/verlag": "publisher", "auteur (collectivite)": "bodies",
    "nombre d'unites": "extent", "n° de carte lecteur": "skip", "volume(s) demande(s)": "skip",
    "date de consultation souhaitee": "skip", "service demandeur": "skip", "max. kosten": "skip",
    "band/jahrgang": "skip", "document": "title", "document type": "kind",
    "publisher address": "place", "ort, verlag, jahr": "publisher", "format, umfang": "extent",
    "verfasser u. titel": "reference", "author and title": "reference", "zugangs-nr.": "skip",
    "travail demande": "skip", "frappe au dos": "skip", "reported by": "skip",
    "assigned to": "skip", "leidimo duomenys": "publisher", "izdosanas zinas": "publisher",
    "fiziskais apraksts": "extent", "citi autori": "names", "materiala veids": "kind",
    "teised autorid": "names", "valjaande liik": "kind", "fuusiline kirjeldus": "extent",
    "materyal turu": "kind", "pie de imprenta": "publisher", "lugar de edicion": "place",
    "editorial / imprenta": "publisher", "numero de paginas": "extent", "otros autores": "names",
    "institucion editora": "publisher", "editor responsable": "bodies",
    "ort / verlag / jahr": "publisher", "ort/verlag/jahr": "publisher",
    "deskripsi fisik": "extent", "pernyataan tanggungjawab": "responsibility",
    "tempat terbit": "place", "tahun terbit": "date", "kota terbit": "place",
    "no. panggil": "skip", "nomor panggil": "skip", "tipe isi": "kind", "jenis bahan": "kind",
    "megjelenes helye": "place", "kiadas helye": "place", "kiadas eve": "date",
    "fecha de inicio": "start", "fecha de fin": "end", "tipo de recurso": "kind",
    "entidades relacionadas": "bodies",
}  # fmt: skip
# Labels in other scripts (Arabic, Japanese, Chinese, Cyrillic, Greek) and letters that folding
# keeps (Polish "ł"), written as displayed and folded here as the reader folds a label; one of
# several words is matched whole.
_AS_DISPLAYED = {
    "Tytuł": "title", "Hasła przedmiotowe": "skip", "Współtwórcy": "names",
    "العنوان": "title", "المؤلف": "names", "الهيئة": "bodies", "الناشر": "publisher",
    "اللغة": "language", "الطبعة": "edition", "السلسلة": "series", "ملاحظات": "note",
    "تاريخ النشر": "date", "بيانات النشر": "publisher", "مكان النشر": "place",
    "الوصف المادي": "extent", "نوع المادة": "kind",
    "タイトル": "title", "書名": "title", "著者名": "names", "著者": "names",
    "出版": "publisher", "出版者": "publisher", "出版社": "publisher", "出版年": "date",
    "出版地": "place", "出版国": "country", "資料種別": "kind", "言語": "language",
    "形態": "extent", "ページ数": "extent", "大きさ": "size", "シリーズ名": "series",
    "注記": "note", "件名": "skip", "出版事項": "publisher", "団体著者": "bodies", "誌名": "title",
    "分類": "skip", "题名": "title", "责任者": "names",
    "出版发行": "publisher", "载体形态": "extent", "丛编": "series", "附注": "note",
    "语种": "language",
    "Заглавие": "title", "Название": "title", "Автор": "names", "Авторы": "names",
    "Издательство": "publisher", "Выходные данные": "publisher", "Место издания": "place",
    "Год": "date", "Год издания": "date", "Серия": "series", "Язык": "language",
    "Объем": "extent", "Объём": "extent", "Примечание": "note", "Издание": "edition",
    "Физическое описание": "extent", "Количественная характеристика": "extent",
    "Ответственность": "responsibility", "Другие авторы": "names", "Размер": "size",
    "Коллективный автор": "bodies", "Вид документа": "kind", "Тип документа": "kind",
    "Место хранения": "skip", "Шифр хранения": "skip", "Шифр": "skip", "Рубрики": "skip",
    "Тематика": "skip", "Аннотация": "skip", "ББК": "skip", "УДК": "skip",
    "Τίτλος": "title", "Συγγραφέας": "names", "Εκδότης": "publisher", "Έτος": "date",
    "Τόπος": "place", "Σειρά": "series", "Γλώσσα": "language", "Σελίδες": "extent",
    "Σημειώσεις": "note", "Έκδοση": "edition", "Στοιχεία έκδοσης": "publisher",
    "Συλλογικός συγγραφέας": "bodies", "Είδος υλικού": "kind", "Piezīmes": "note",
    "Fiziksel Tanımlama": "extent", "Eser Adı": "title", "Yayın Bilgisi": "publisher",
    "Dergi Adı": "title", "Kitap Adı": "title", "Başlık": "title", "Yayıncı": "publisher",
    "Yayınevi": "publisher", "Yayın Yeri": "place", "Basım Yeri": "place", "Yayın Yılı": "date",
    "Basım Yılı": "date", "Başlangıç Yılı": "date", "Sayfa Sayısı": "extent", "Sıra": "skip",
    "Durum": "skip", "Yer Numarası": "skip",
    "כותר": "title", "כותרת": "title", "מחבר": "names", "שם נוסף": "names",
    "פרטי הוצאה": "publisher", "הוצאה לאור": "publisher", "מוציא לאור": "publisher",
    "תיאור פיזי": "extent", "שפה": "language", "סוג חומר": "kind", "הערות": "note",
    "הערה": "note", "סדרה": "series", "מהדורה": "edition", "ספרייה": "skip",
    "서명": "title", "저자": "names", "발행처": "publisher", "발행지": "place", "발행년": "date",
    "발행사항": "publisher", "형태사항": "extent", "총서사항": "series", "언어": "language",
    "주기": "note", "번호": "skip", "청구기호": "skip",
}  # fmt: skip
for _label, _key in _AS_DISPLAYED.items():
    (LONG_LABELS if " " in _label else FOREIGN_LABELS)[fold(_label)] = _key


def known(label: str, *, whole: bool) -> bool:
    """Whether a folded label is one the labelled reader knows: a label of several words
    (`LONG_LABELS`), else `label` itself (`whole`) or its first word in `LABELS` or
    `FOREIGN_LABELS`."""
    head = label if whole else (label.split() or [""])[0]
    if "," in label:  # "Lieu, éditeur, date", known whole; not "Hugo, Victor"
        return label in LONG_LABELS
    return label in LONG_LABELS or head in LABELS or head in FOREIGN_LABELS


def opens_on_label(line: str) -> bool:
    """Whether `line` opens on a label the labelled reader knows, by its whole or its first
    word ("Date : 1995", "Contributors: X, Y, 1613-1676, editor.")."""
    match = LABEL.match(line)
    return bool(match) and known(fold(match.group(1)).strip(), whole=False)
