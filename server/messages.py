"""The API's error messages in every language copiste speaks, so a server whose `lang` is `fr`
answers its errors in French as it already answers its verdicts.

Two tables, because errors come from two places:
- `MESSAGES`: the server's own errors, one entry per message id, a `str.format` template per
  language filled from the error's parameters (`APIError(..., key=, params=)`).
- `FRAMES`: errors the other packages raise (`CopisteError`s: a bad seed file, a teacher that
  failed), framed by their stable `code`. Their message is written deep in the library with the
  values it names, in English; a frame leads it with a sentence in the answer's language and
  keeps it as `{detail}`, as the rules' findings keep their detail after a translated base.
English has no frames: an English answer is the message as raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from validators.langs import LANGS

ENGLISH = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "invalid_json": {
        "en": "the body is not valid JSON: {reason}",
        "fr": "le corps de la requête n'est pas du JSON valide : {reason}",
    },
    "unknown_choice": {
        "en": "unknown {field} {value!r}: {reason}",
        "fr": "valeur inconnue pour {field} : {value!r} ({reason})",
    },
    "missing_key": {
        "en": "this server needs an API key: send Authorization: Bearer <key>",
        "fr": "ce serveur demande une clé d'API : envoyez Authorization: Bearer <clé>",
    },
    "invalid_key": {
        "en": "the API key is not valid",
        "fr": "la clé d'API n'est pas valide",
    },
    "docs_key": {
        "en": "the docs need an API key: open /docs?key=<key> once in the browser, or send "
        "Authorization: Bearer <key> (a server with public_docs = true opens them to all)",
        "fr": "la documentation demande une clé d'API : ouvrez une fois /docs?key=<clé> dans le "
        "navigateur, ou envoyez Authorization: Bearer <clé> (un serveur réglé avec "
        "public_docs = true l'ouvre à tous)",
    },
    "job_not_found": {
        "en": "no job {job_id!r}",
        "fr": "aucune tâche {job_id!r}",
    },
    "too_many_jobs": {
        "en": "this key already has {limit} jobs queued or running; wait for one to finish or "
        "cancel one",
        "fr": "cette clé a déjà {limit} tâches en attente ou en cours ; attendez qu'une se "
        "termine ou annulez-en une",
    },
    "job_finished": {
        "en": "job {job_id} has already {status}",
        "fr": "la tâche {job_id} est déjà finie ({status})",
    },
    "job_not_finished": {
        "en": "job {job_id} is {status}; wait for its end",
        "fr": "la tâche {job_id} n'est pas finie ({status}) ; attendez sa fin",
    },
    "no_result": {
        "en": "job {job_id} ({status}) produced no result",
        "fr": "la tâche {job_id} ({status}) n'a produit aucun résultat",
    },
    "no_record": {
        "en": "no XML record or MarcEdit line in the text",
        "fr": "aucune notice XML ni ligne MarcEdit dans le texte",
    },
    "unsupported_media_type": {
        "en": "cannot read a body of type {media!r}; send one of {accepted}",
        "fr": "impossible de lire un corps de type {media!r} ; envoyez l'un de ceux-ci : "
        "{accepted}",
    },
    "empty_body": {
        "en": "the request body is empty",
        "fr": "le corps de la requête est vide",
    },
    "corrupt_gzip": {
        "en": "the gzip body is corrupt: {reason}",
        "fr": "le corps gzip est endommagé : {reason}",
    },
    "too_many_records": {
        "en": "more than {limit} records in one request; this server takes at most {limit}",
        "fr": "plus de {limit} notices dans une requête ; ce serveur en accepte au plus {limit}",
    },
    "several_records": {
        "en": "the body holds more than one record; send collections to /v1/validate/batch",
        "fr": "le corps contient plus d'une notice ; envoyez les collections à /v1/validate/batch",
    },
    # A reader's finding: its rule's sentence (`validators.engine.REGISTRY`) in each language,
    # then the reader's own detail.
    "read_error": {
        "en": "{detail}",
        "fr": "{finding[fr]} : {detail}",
    },
    "read_error_at": {
        "en": "{detail} (line {line}, column {column})",
        "fr": "{finding[fr]} : {detail} (ligne {line}, colonne {column})",
    },
    "too_many_examples": {
        "en": "{wanted} examples asked (n x samples); this endpoint makes at most {limit}: "
        "start a job for more",
        "fr": "{wanted} exemples demandés (n x samples) ; ce point d'accès en fait au plus "
        "{limit} : lancez une tâche pour davantage",
    },
    "too_many_job_examples": {
        "en": "{wanted} examples asked; a job on this server makes at most {limit}",
        "fr": "{wanted} exemples demandés ; une tâche sur ce serveur en fait au plus {limit}",
    },
    "busy_generating": {
        "en": "the server is generating for other requests; retry soon",
        "fr": "le serveur génère pour d'autres requêtes ; réessayez bientôt",
    },
    "busy_cataloguing": {
        "en": "the student has too many descriptions waiting; retry soon",
        "fr": "l'élève a trop de descriptions en attente ; réessayez bientôt",
    },
    "shutting_down": {
        "en": "the server is shutting down; retry in a moment",
        "fr": "le serveur s'arrête ; réessayez dans un instant",
    },
    "client_closed_request": {
        "en": "the client went away; generation stopped",
        "fr": "le client est parti ; la génération est arrêtée",
    },
    "no_student": {
        "en": "this server has no student to catalogue with: set `student` in its settings to a "
        "bundle from `copiste export`",
        "fr": "ce serveur n'a pas d'élève pour cataloguer : donnez à son réglage `student` un "
        "paquet produit par `copiste export`",
    },
    "too_many_descriptions": {
        "en": "{count} descriptions sent; this server catalogues at most {limit} per request",
        "fr": "{count} descriptions envoyées ; ce serveur en catalogue au plus {limit} par requête",
    },
    "teacher_not_allowed": {
        "en": "this server does not use teacher {teacher!r}; allowed: {allowed} (its `teachers` "
        "setting lists more; `allow_any_teacher = true` allows any)",
        "fr": "ce serveur n'utilise pas l'enseignant {teacher!r} ; autorisés : {allowed} (son "
        "réglage `teachers` en ajoute ; `allow_any_teacher = true` les autorise tous)",
    },
    "seeds_file_disabled": {
        "en": "this server takes inline seeds only",
        "fr": "ce serveur n'accepte que des amorces données dans la requête",
    },
    "seeds_file_not_found": {
        "en": "no seed file {name!r} on this server",
        "fr": "aucun fichier d'amorces {name!r} sur ce serveur",
    },
    "no_endpoint": {
        "en": "no such endpoint: {method} {path}",
        "fr": "aucun point d'accès : {method} {path}",
    },
    "method_not_allowed": {
        "en": "{method} is not allowed on {path}",
        "fr": "{method} n'est pas permis sur {path}",
    },
    "internal_error": {
        "en": "the server failed; the error is logged",
        "fr": "le serveur a échoué ; l'erreur est journalisée",
    },
}

FRAMES: dict[str, dict[str, str]] = {
    "invalid_request": {"fr": "requête invalide : {detail}"},
    "bad_request": {"fr": "requête refusée : {detail}"},
    "invalid_generation": {"fr": "génération impossible : {detail}"},
    "invalid_seeds": {"fr": "amorces inutilisables : {detail}"},
    "invalid_run_folder": {"fr": "dossier de génération inutilisable : {detail}"},
    "unknown_teacher": {"fr": "enseignant inconnu : {detail}"},
    "unknown_teacher_model": {"fr": "modèle inconnu de l'enseignant : {detail}"},
    "teacher_failed": {"fr": "l'enseignant a échoué : {detail}"},
    "model_unavailable": {"fr": "modèle indisponible : {detail}"},
    "invalid_model": {"fr": "modèle inutilisable : {detail}"},
    "invalid_dataset": {"fr": "jeu de données inutilisable : {detail}"},
    "invalid_config": {"fr": "configuration inutilisable : {detail}"},
    "unreadable_input": {"fr": "entrée illisible : {detail}"},
    "student_unavailable": {"fr": "élève indisponible : {detail}"},
}


def render(key: str, lang: str, params: Mapping[str, Any]) -> str:
    """Message `key` in `lang`, English where the catalogue has no form in `lang`."""
    forms = MESSAGES[key]
    return forms.get(lang, forms[ENGLISH]).format(**params)


def frame(code: str, lang: str, detail: str) -> str:
    """An error another package raised, led by a sentence in `lang` where `code` has one."""
    template = FRAMES.get(code, {}).get(lang)
    return template.format(detail=detail) if template else detail


def pick_lang(*candidates: str | None) -> str:
    """The first of `candidates` that copiste speaks: what a request asked, then the server's."""
    return next((c for c in candidates if c in LANGS), ENGLISH)
