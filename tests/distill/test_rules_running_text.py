"""A reference cited inside running text (a letter, an article's sentence) is cut out of it and
read alone; a sentence that cites nothing so, or a list, is left to the other readers. The
books are real ones."""

from __future__ import annotations

from generator.rules_baseline import catalogue_by_rules
from generator.rules_running_text import cited_in_text


def test_a_letter_s_reference_after_its_cue_is_read_alone():
    record = catalogue_by_rules(
        "Gentile Professoressa Ricci,\n\nle scrivo per un dubbio sul secondo capitolo: per la "
        "parte su Bourdieu pensavo di citare dalla traduzione italiana, cioè P. Bourdieu, La "
        "distinzione, Bologna, Il Mulino, 1983, 526 p. Secondo lei va bene oppure è preferibile "
        "lavorare sull'originale e tradurre io i passi?\n\nLa ringrazio in anticipo,\nGiulia"
    )
    assert (record.first("200", "a"), record.first("700", "a")) == ("La distinzione", "Bourdieu")
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Bologna",
        "Il Mulino",
        "1983",
    )


def test_an_article_s_bracketed_reference_and_what_is_no_running_text():
    cited = cited_in_text(
        "Die Neuausrichtung lässt sich in den Jahresberichten gut nachverfolgen (vgl. Deutsche "
        "Bundesbank, Geschäftsbericht, Frankfurt am Main: Deutsche Bundesbank, 1957 ff.); "
        "auffällig ist dabei vor allem, wie sich die Begründung der Ziele verschiebt."
    )
    assert cited == (
        "Deutsche Bundesbank, Geschäftsbericht. Frankfurt am Main: Deutsche Bundesbank, 1957 ff."
    )
    # no cue before the imprint: the sentence's own words are no title
    assert (
        cited_in_text(
            "Je cherche pour mon mémoire un livre publié à Paris, chez Minuit, 1979 et qui "
            "traite de la distinction sociale dans les goûts des classes populaires en France"
        )
        is None
    )


def test_a_thesis_s_or_a_blog_s_sentence_says_the_title_after_its_cue_and_the_imprint():
    record = catalogue_by_rules(
        "É neste contexto que Clément Juglar, já no fim da carreira, volta ao tema que o tornara "
        "conhecido. Na breve memória Influence des crises commerciales sur l'état économique, "
        "impressa em Nancy por Berger-Levrault em 1896 — apenas 28 páginas em grande in-8° —, o "
        "economista retoma a tese da periodicidade das crises."
    )
    assert record.first("200", "a") == "Influence des crises commerciales sur l'état économique"
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Nancy",
        "Berger-Levrault",
        "1896",
    )
    record = catalogue_by_rules(
        "Je ne résiste pas au plaisir de vous présenter l'acquisition de la semaine dernière. Il "
        "s'agit de L'Orient et l'Europe depuis le XVIIe siècle jusqu'aujourd'hui, du baron Amaury "
        "de La Barre de Nanteuil (1868-1908), sorti chez Maison Didot vers 1898."
    )
    assert record.first("200", "a") == (
        "L'Orient et l'Europe depuis le XVIIe siècle jusqu'aujourd'hui"
    )
    assert [s.value for s in record.datafields("210")[0].subfields if s.code == "c"] == [
        "Maison Didot"
    ]


def test_a_post_s_pictographs_and_thread_counters_are_no_title():
    record = catalogue_by_rules(
        "🧵 1/3 Trouvaille du jour aux puces, une brochure de 1899 : Emile Boutmy, « Le "
        "recrutement des administrateurs coloniaux » (Paris, Colin). Une cinquantaine de pages.\n"
        "2/3 Boutmy, le fondateur de l'École libre, plaide pour une formation spéciale 👇"
    )
    assert record.first("200", "a") == "Le recrutement des administrateurs coloniaux"
    assert record.first("700", "a") == "Boutmy"


def test_a_quoted_title_in_the_sentence_under_a_post_s_heading():
    record = catalogue_by_rules(
        "Veille documentaire — banques centrales\n"
        "Pour celles et ceux qui suivent la politique monétaire suisse : « Rapport de gestion - "
        "Banque nationale suisse » est consultable en ligne depuis 2001, sur le site de la "
        "banque.\n"
        "#veille #documentation"
    )
    assert record.first("200", "a") == "Rapport de gestion - Banque nationale suisse"


def test_a_sentence_opening_on_in_cites_the_title_before_its_bracketed_imprint():
    record = catalogue_by_rules(
        "Gabriel Tarde hat seine Theorie der Nachahmung auch auf die Politik angewandt. In Les "
        "transformations du pouvoir (Paris: Alcan 1899) fragt er, wie sich Macht in modernen "
        "Gesellschaften ausbreitet, und setzt sich von den organizistischen Modellen ab."
    )
    assert record.first("200", "a") == "Les transformations du pouvoir"
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Alcan",
        "1899",
    )


def test_a_sentence_that_says_the_year_before_the_town_and_the_publisher():
    record = catalogue_by_rules(
        "Liebe Mitglieder, beim nächsten Leseabend lesen wir ein älteres Buch über die "
        "französische Zeit am Rhein. Ich besitze die vierte Auflage, erschienen 1891 in Paris bei "
        "Perrin et Cie – ein handlicher Band, den ich gern mitbringe."
    )
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Paris",
        "Perrin et Cie",
        "1891",
    )


def test_a_message_s_reference_named_by_its_author_with_no_cue():
    record = catalogue_by_rules(
        "Γεια! Βρήκα στη βιβλιοθήκη του Ινστιτούτου το Peter Goessler, Leukas-Ithaka, die Heimat "
        "des Odysseus (Stuttgart, J. B. Metzler, 1904), 80 σελ. με πίνακες και χάρτες. Να το "
        "φωτογραφίσω για την εργασία;"
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "Leukas-Ithaka",
        "die Heimat des Odysseus",
    )
    assert (record.first("210", "a"), record.first("210", "c"), record.first("210", "d")) == (
        "Stuttgart",
        "J. B. Metzler",
        "1904",
    )
    assert record.first("700", "a") == "Goessler"


def test_a_post_s_quoted_title_after_its_author_s_name_in_the_clause():
    record = catalogue_by_rules(
        "Ciao a tutti! Per chi studia la statistica: ho trovato in biblioteca il rapporto di Émile "
        'Cheysson, "La statistique géométrique", presentato nel 1887. Sono appena 32 pagine.'
    )
    assert (record.first("200", "a"), record.first("700", "a")) == (
        "La statistique géométrique",
        "Cheysson",
    )
    # a reply's subject is no title; a surname alone after a colon names the author
    record = catalogue_by_rules(
        "Re: Transcriptions pour piano — vos recommandations ?\n\n"
        "Perso je joue dans un vieux recueil : Schubert, « Mélodies, transcrites pour piano par F. "
        "Thomé », chez Henry Lemoine à Paris. Grand format in-4°, 117 pages."
    )
    assert record.first("200", "a") == "Mélodies, transcrites pour piano par F. Thomé"
    # the imprint the words after the quoted title announce, up to the sentence's end
    assert (record.first("210", "a"), record.first("210", "c")) == ("Paris", "Henry Lemoine")
    record = catalogue_by_rules(
        "Bonjour,\n\nUn enseignant me demande la revue « Annual report - Central Bank of "
        "Barbados », publiée par la Central Bank of Barbados à Bridgetown, depuis 2001."
    )
    assert (record.first("210", "a"), record.first("210", "c")) == (
        "Bridgetown",
        "Central Bank of Barbados",
    )


def test_a_title_a_sentence_announces_in_other_languages():
    record = catalogue_by_rules(
        "That speech has since been printed by Guillaumin under the title Sénat. Droits sur les "
        "blés, in a pamphlet of 99 pages, and I commend it to every hon. Member of this House."
    )
    assert record.first("200", "a") == "Sénat"
    record = catalogue_by_rules(
        "In der Bibliothek habe ich eine Broschüre mit dem Titel Les transformations du pouvoir, "
        "erschienen 1899 bei Alcan, gefunden, die für mein Referat passt."
    )
    assert record.first("200", "a") == "Les transformations du pouvoir"


def test_a_chicago_note_inside_a_sentence_keeps_its_bracketed_imprint():
    record = catalogue_by_rules(
        "27. The arguments of the orders after the decrees are summarized in a contemporary "
        "pamphlet by Georges Graux, Les congrégations religieuses devant la loi: décrets du 29 "
        "mars 1880 (Paris: A. Cotillon, 1880), which runs to 238 pages."
    )
    assert (record.first("200", "a"), record.first("200", "e")) == (
        "Les congrégations religieuses devant la loi",
        "décrets du 29 mars 1880",
    )
    assert (record.first("700", "a"), record.first("210", "c")) == ("Graux", "A. Cotillon")


def test_a_note_s_bracketed_imprint_with_its_extent_or_after_a_cue_stays_a_sentence():
    laslett = catalogue_by_rules(
        "The debate was reopened by Peter Laslett, The World We Have Lost (London: Methuen, 1965, "
        "280 p.), a book whose influence on the social history of early modern England can "
        "hardly be overstated."
    )
    assert (laslett.first("200", "a"), laslett.first("700", "a")) == (
        "The World We Have Lost",
        "Laslett",
    )
    assert laslett.first("210", "c") == "Methuen"
    bloch = catalogue_by_rules(
        "For the broader context of the revolt see the classic study by Marc Bloch, Les rois "
        "thaumaturges (Strasbourg: Istra, 1924), which is still indispensable for any student "
        "of medieval kingship today."
    )
    assert (bloch.first("200", "a"), bloch.first("700", "a")) == ("Les rois thaumaturges", "Bloch")
