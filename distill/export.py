"""Export a trained student as an offline bundle a library can copy to a machine with no network.

The bundle is a plain transformers folder (LoRA folded into the weights, safetensors), its
tokenizer and chat template, a generation config with copiste's greedy defaults, a model card
with the training data, recipe and evaluation figures, and `load.py`, which loads only from the
folder (HF_HUB_OFFLINE=1) and catalogues a description given on the command line: decoded as
`copiste catalogue` decodes where copiste is installed, by plain generation (and a notice on
stderr) where it is not.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from distill.prompting import STOP_STRINGS, STUDENT_SYSTEM_PROMPTS, SYNTAXES, build_syntax
from distill.train import MANIFEST
from generator.folders import atomic_folder
from validators.errors import CopisteError

BUNDLE_MANIFEST = "copiste_export.json"

LOADER = '''"""Load this copiste student offline and catalogue a description.

    python load.py "Les misérables / Victor Hugo. Paris : Gallimard, 1995. 1232 p."
    echo "description..." | python load.py

Prints the student's answer, the record in {syntax_name}.
Reads nothing but this folder. With copiste installed, the answer is decoded as
`copiste catalogue --model {{this folder}}` decodes it: the rules' draft in the prompt, the
logit bias toward the draft and UNIMARC's grammar (`copiste catalogue` then also fills 001,
005 and 801 and checks the record). Without copiste (`torch` and `transformers` only),
plain generation from the description alone: poorer answers, and a notice on stderr says
so. MAX_NEW_TOKENS caps the answer's length.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

HERE = Path(__file__).resolve().parent
SYSTEM = {system!r}
WITHOUT_COPISTE = (
    "load.py: copiste is not installed ({{}}): plain generation, without the rules' draft or "
    "UNIMARC's grammar; for better records, run `copiste catalogue --model {{}}`"
)


def load():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(HERE, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(HERE, local_files_only=True).eval()
    return model, tokenizer


def cataloguer(max_new_tokens=None):
    """copiste's cataloguer of this folder, as `copiste catalogue --model` builds it (its
    `.catalogue([description])[0].answer` is the answer); ImportError without copiste."""
    from distill.catalogue import CatalogueOptions, Cataloguer
    from distill.student import Student

    student = Student(str(HERE))
    options = CatalogueOptions(syntax=student.syntax, max_new_tokens=max_new_tokens)
    return Cataloguer(student, options)


def catalogue(description, model=None, tokenizer=None, **generation):
    """The student's answer for one description, by plain generation (no grammar, no
    draft bias): what runs without copiste. The record is in {syntax_name}."""
    if model is None or tokenizer is None:
        model, tokenizer = load()
    try:
        from distill.prompting import user_turn

        user = user_turn(description)
    except ImportError:
        user = description.strip()
    messages = [
        {{"role": "system", "content": SYSTEM}},
        {{"role": "user", "content": user}},
    ]
    inputs = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    output = model.generate(**inputs, tokenizer=tokenizer, **generation)
    return tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)


if __name__ == "__main__":
    text = " ".join(sys.argv[1:]) or sys.stdin.read()
    limit = int(os.environ["MAX_NEW_TOKENS"]) if os.environ.get("MAX_NEW_TOKENS") else None
    try:
        copiste = cataloguer(limit)
    except ImportError as exc:
        print(WITHOUT_COPISTE.format(exc, HERE), file=sys.stderr)
        print(catalogue(text, **({{"max_new_tokens": limit}} if limit else {{}})))
    else:
        print(copiste.catalogue([text])[0].answer)
'''

SYNTAX_NAMES = {"mrk": "MarcEdit's mnemonic lines (.mrk)", "marcxml": "MARCXML"}


class ExportError(CopisteError, ValueError):
    """The model folder cannot be exported; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _figures(evaluation: dict[str, Any] | None) -> str:
    if not evaluation:
        return "No evaluation was given to the export (`copiste export --eval FILE`).\n"
    from distill.evaluate import ROWS

    models = evaluation["models"]
    decoding = "under the schema's grammar" if evaluation.get("constrained") else "unconstrained"
    best_of = evaluation.get("best_of", 1)
    lines = [
        f"On {evaluation['n']} held-out examples ({evaluation['split']} split of "
        f"`{evaluation['data']}`), records in {evaluation.get('syntax', 'marcxml')}, "
        f"{decoding}, {'greedy' if best_of == 1 else f'best of {best_of}'}:\n",
        "| metric | " + " | ".join(models) + " |",
        "|---|" + "---|" * len(models),
    ]
    for key, label, fmt in ROWS:
        if key != "seconds" and all(key in m for m in models.values()):
            name = label.format(rules=evaluation.get("rules", "strict"))
            lines.append(
                f"| {name} | " + " | ".join(fmt.format(m[key]) for m in models.values()) + " |"
            )
    return "\n".join(lines) + "\n"


def model_card(
    training: dict[str, Any], evaluation: dict[str, Any] | None, name: str, syntax: str
) -> str:
    build = training.get("dataset_build") or {}
    counts = build.get("counts") or {}
    runs = build.get("runs") or []
    config = training.get("config") or {}
    recipe = training.get("recipe", "unknown")
    method = "logit distillation (TRL GKD)" if training.get("logit_distillation") else recipe
    header = (
        "---\nlibrary_name: transformers\npipeline_tag: text-generation\n"
        f"base_model: {training.get('student', 'unknown')}\n"
        "tags:\n- copiste\n- unimarc\n- library-cataloguing\n---\n"
    )
    sources = "\n".join(
        f"- `{r['path']}`: "
        + ", ".join(
            f"{m} {c.get('accepted', 0)}/{c.get('read', 0)} accepted"
            for m, c in sorted(r.get("methods", {}).items())
        )
        for r in runs
    )
    return f"""{header}
# {name}

A student model trained by copiste to write UNIMARC bibliographic records, in
{SYNTAX_NAMES[syntax]}, from a description of a document. It runs offline: see **Use**.

## Training data
Dataset: `{training.get("data", "?")}` ({counts.get(recipe, {}).get("train", "?")} training
examples of the `{recipe}` set; the test split was held out and decontaminated against).
Teacher examples were kept only when copiste's UNIMARC checkers accepted them.
Acceptance rates per method: {json.dumps(build.get("acceptance_rate") or {})}.

{sources or "(no run information)"}

## Recipe
- Method: {method}; base student: `{training.get("student")}`; LoRA: {training.get("lora")}
  (folded into these weights).
- Steps: {config.get("max_steps")}, epochs: {config.get("epochs")}, learning rate:
  {training.get("metrics", {}).get("learning_rate", config.get("learning_rate") or "default")},
  batch size {config.get("batch_size")} x {config.get("gradient_accumulation_steps")},
  max length {config.get("max_length")}, seed {config.get("seed")}.
- Trained on {training.get("device")} in {training.get("wall_s")} s
  ({training.get("tokens_per_second")} tokens/s).

## Evaluation
{_figures(evaluation)}
## Use
Catalogue descriptions with copiste: the student writes the descriptive fields under
UNIMARC's grammar, copiste fills 001, 005, 801 and 100$a's system positions from its
settings, and checks each record.
```sh
echo "Titre / Auteur. Lieu : Éditeur, 2020. 200 p. ISBN ..." > description.txt
copiste catalogue --model BUNDLE description.txt --agency "My library" > records.xml
copiste catalogue --model BUNDLE descriptions.jsonl --format json   # {{"id", "description"}} lines
```
Over HTTP: `student = "BUNDLE"` in `copiste serve`'s settings, then
`POST /v1/catalogue` with `{{"description": "..."}}`.

The student's raw answer, without the system fields or the check:
```sh
HF_HUB_OFFLINE=1 python load.py "Titre / Auteur. Lieu : Éditeur, 2020. 200 p. ISBN ..."
```
With copiste installed, `load.py` decodes as `copiste catalogue` does (the rules' draft, its
bias and UNIMARC's grammar). Without copiste (torch and transformers only) it falls back to
plain generation from the description alone, whose answers are poorer, and says so on stderr.
In Python: `from load import load, catalogue` (plain generation) or `cataloguer` (copiste's).
Generation defaults (greedy) are in `generation_config.json`.

## Limitations
Small students copy the teacher's habits, good and bad; always validate records before loading
them into a catalogue. 9XX local fields are not learnt.
"""


def export(
    model: Path,
    out: Path,
    *,
    evaluation: Path | None = None,
    max_new_tokens: int = 1024,
    gguf: bool = False,
    syntax: str | None = None,
    draft_bias: float | None = None,
) -> dict[str, Any]:
    """Write the bundle to `out` (atomically: built beside it, then renamed); with `gguf`, also
    `model.f16.gguf` for llama.cpp. `syntax` is what the student writes: by default the one
    its training data was built in. `draft_bias` is the one it was measured with (by default
    the evaluation report's): `copiste catalogue` decodes with it."""
    from transformers import GenerationConfig

    from distill.modelio import ModelError, load_causal_lm, load_tokenizer

    model = Path(model)
    if not model.exists():
        raise ExportError(f"{model}: no such model folder")
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / BUNDLE_MANIFEST).exists():
        raise ExportError(f"{out} exists and is not a copiste bundle: choose another --out")
    training_path = model / MANIFEST
    training = (
        json.loads(training_path.read_text(encoding="utf-8")) if training_path.exists() else {}
    )
    syntax = syntax or build_syntax(training.get("dataset_build") or {})
    if syntax not in SYNTAXES:
        raise ExportError(f"unknown record syntax {syntax!r}; choose mrk or marcxml")
    report = None
    if evaluation is not None:
        try:
            report = json.loads(Path(evaluation).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ExportError(f"{evaluation}: not an evaluation report: {exc}") from None
    try:
        import torch

        weights = load_causal_lm(str(model), dtype=torch.float32)
        tokenizer = load_tokenizer(str(model))
    except ModelError as exc:
        raise ExportError(str(exc)) from None

    with atomic_folder(out) as work:
        weights.save_pretrained(work, safe_serialization=True)
        tokenizer.save_pretrained(work)
        generation = GenerationConfig(
            do_sample=False,
            max_new_tokens=max_new_tokens,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
            bos_token_id=tokenizer.bos_token_id,
            stop_strings=STOP_STRINGS[syntax] or None,
        )
        generation.save_pretrained(work)
        loader = LOADER.format(
            system=STUDENT_SYSTEM_PROMPTS[syntax], syntax_name=SYNTAX_NAMES[syntax]
        )
        (work / "load.py").write_text(loader, encoding="utf-8")
        name = training.get("student", model.name)
        title = f"copiste student ({name}, {training.get('recipe')})"
        card = model_card(training, report, title, syntax)
        (work / "README.md").write_text(card, encoding="utf-8")
        if training:
            shutil.copy(training_path, work / MANIFEST)
        if report:
            (work / "evaluation.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        if gguf:
            _write_gguf(weights, tokenizer, work / GGUF_FILE, name, training)
        manifest = {
            "source": str(model.resolve()),
            "recipe": training.get("recipe"),
            "lora_merged": bool(training.get("lora")),
            "syntax": syntax,
            "draft_bias": draft_bias
            if draft_bias is not None
            else (report or {}).get("draft_bias"),
            "files": {p.name: _sha256(p) for p in sorted(work.iterdir()) if p.is_file()},
        }
        (work / BUNDLE_MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


GGUF_FILE = "model.f16.gguf"


def _write_gguf(weights: Any, tokenizer: Any, path: Path, name: str, training: dict) -> None:
    from distill.to_gguf import GGUFExportError, write_gguf
    from generator.models import EMBEDDED_ALIASES

    # llama.cpp's pre-tokenizer for the SmolLM2 vocabulary; students of other bases get the
    # default split.
    embedded = str(training.get("student", "")).lower() in EMBEDDED_ALIASES
    try:
        write_gguf(
            weights, tokenizer, path, name=name, tokenizer_pre="smollm" if embedded else "default"
        )
    except GGUFExportError as exc:
        raise ExportError(f"GGUF: {exc}") from None
