"""The dataset card: what a build holds, where it came from and what was thrown away."""

from __future__ import annotations

from typing import Any

METHODS_TEXT = {
    "sft": "prompt → teacher answer (standard distillation)",
    "reft": "prompt → reasoning trace then answer (reasoning-trace distillation)",
    "dpo": "prompt, chosen (accepted) vs rejected (refused teacher output or rule-targeted "
    "corruption of an accepted record)",
    "grpo": "prompt only; gold record and task in extra columns for the reward functions",
}


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def dataset_card(manifest: dict[str, Any]) -> str:
    """Markdown with a Hugging Face YAML header (one config per dataset, one file per split)."""
    configs = []
    for kind in METHODS_TEXT:
        configs.append(f"- config_name: {kind}\n  data_files:")
        configs += [f"  - split: {s}\n    path: {kind}/{s}.parquet" for s in ("train", "test")]
    header = "---\nconfigs:\n" + "\n".join(configs) + "\ntags:\n- copiste\n- unimarc\n---\n"

    counts = manifest["counts"]
    parts = [
        header,
        "# copiste distillation datasets\n",
        "Built by `copiste distill build` from teacher-generated examples that copiste's "
        "rule-based checkers accepted. Splits are by group (the seed record), so every example "
        "of one record is on one side.\n",
        "## Datasets\n",
        _table(
            ["dataset", "format", "train", "test"],
            [[k, METHODS_TEXT[k], counts[k]["train"], counts[k]["test"]] for k in METHODS_TEXT],
        ),
        "\n## Sources and acceptance\n",
        _table(
            ["run", "teacher", "method", "examples", "accepted", "rate"],
            [
                [
                    run["path"],
                    (run.get("teacher") or {}).get("model", "-")
                    if isinstance(run.get("teacher"), dict)
                    else run.get("teacher") or "-",
                    method,
                    c.get("read", 0),
                    c.get("accepted", 0),
                    f"{c.get('accepted', 0) / c['read']:.1%}" if c.get("read") else "-",
                ]
                for run in manifest["runs"]
                for method, c in sorted(run["methods"].items())
            ],
        ),
        "\n## Filtering\n",
        _table(
            ["reason", "examples dropped"],
            [[r, n] for r, n in sorted(manifest["dropped"].items())] or [["(none)", 0]],
        ),
        f"\nHeld-out records used for decontamination besides the test split: "
        f"{manifest['held_out_records']}.\n",
        "\n## Rule coverage of the DPO pairs\n",
        "Each rejected answer is labelled with the rule ids it breaks: corruptions with the one "
        "rule their operator targets (checked by the validators at build time), refused teacher "
        "outputs with the error rules the validators found.\n",
    ]
    rules = sorted({r for c in manifest["dpo_rules"].values() for r in c})
    parts.append(
        _table(
            ["rule", "corruption pairs", "teacher pairs"],
            [
                [
                    r,
                    manifest["dpo_rules"].get("corruption", {}).get(r, 0),
                    manifest["dpo_rules"].get("teacher", {}).get(r, 0),
                ]
                for r in rules
            ]
            or [["(none)", 0, 0]],
        )
    )
    missed = manifest.get("corruption_missed") or {}
    if missed:
        parts.append(
            "\nCorruptions dropped because the validators did not reject them for their rule: "
            + ", ".join(f"{r} ({n})" for r, n in sorted(missed.items()))
            + ".\n"
        )
    cfg = manifest["config"]
    parts.append(
        "\n## Method\n"
        f"- Deduplication: exact on (canonical record, normalised question); near duplicates by "
        f"MinHash-LSH over record (tag, subfield, value) triples and question word trigrams, "
        f"Jaccard >= {cfg['near_duplicate_threshold']}.\n"
        f"- Canonical record: fields sorted, whitespace collapsed, blank indicators unified, "
        f"001/003/005 ignored; local 9XX fields dropped: {cfg['drop_local_fields']}.\n"
        f"- Split: sha256 of (`{cfg['split_seed']}`, group) < {cfg['test_fraction']} → test.\n"
        f"- Decontamination: train examples whose record equals, or has Jaccard >= "
        f"{cfg['decontamination_threshold']} with, a held-out record, or whose question equals "
        f"a test question, are removed.\n"
    )
    return "\n".join(parts)
