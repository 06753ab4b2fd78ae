"""What decoding under the record grammar costs, and what the line syntax saves.

    .venv/bin/python bench/catalogue.py [--model smollm2|PATH] [--records 8] [--batch 4]
                                        [--max-new-tokens 256] [--compare-backends]

1. Records/s and tokens/s of greedy `model.generate` on descriptions of real records, plain and
   under the grammar (`distill.constrain`, mrk, strict rules, the student's fields), on the same
   prompts and the same threads (2 by default: the reference machine's cores); the constraint's
   overhead is the ratio of seconds per generated token (target <= 10 %).
2. `--compare-backends`: the processor's own time per row-token, llguidance (Lark form) against
   xgrammar's `contrib.hf.LogitsProcessor` (regex form) on the same grammar, with each one's
   compile time. This is what chose llguidance (see distill/constrain.py).
3. Tokens per record in mrk and in MARCXML over the real corpus, with SmolLM2's tokenizer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"


def real_records() -> list:
    from validators import ReadError, read_records

    found = []
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".xml", ".mrc"):
            found += [r for r in read_records(path) if not isinstance(r, ReadError)]
    return found


def describe(record) -> str:
    """A plain description of the record (title, responsibility, publication, extent)."""
    parts = [record.first("200", "a"), record.first("200", "f"), record.first("210", "a")]
    parts += [record.first("210", "c"), record.first("210", "d"), record.first("215", "a")]
    return ". ".join(p for p in parts if p)


def prompts(tokenizer, records: list, count: int) -> list[str]:
    chosen = [r for r in records if r.first("200", "a")][:: max(1, len(records) // count)][:count]
    return [
        tokenizer.apply_chat_template(
            [{"role": "user", "content": "UNIMARC record in MarcEdit .mrk: " + describe(r)}],
            tokenize=False,
            add_generation_prompt=True,
        )
        for r in chosen
    ]


class Timed:
    """A logits processor wrapped to add up the seconds spent in it and the rows it saw."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds, self.row_steps = inner, 0.0, 0

    def __call__(self, input_ids, scores):
        start = time.perf_counter()
        out = self.inner(input_ids, scores)
        self.seconds += time.perf_counter() - start
        self.row_steps += input_ids.shape[0]
        return out


def run(model, tokenizer, texts: list[str], batch: int, max_new: int, make=None):
    """(seconds, generated tokens, records, processors) of greedy generate over `texts`."""
    import torch

    from generator.constrain import eos_ids

    seconds, tokens, timed = 0.0, 0, []
    eos = set(eos_ids(tokenizer, model))
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        enc = tokenizer(chunk, return_tensors="pt", padding=True)
        processors = [Timed(make(len(chunk)))] if make else []
        timed += processors
        begin = time.perf_counter()
        with torch.no_grad():
            out = model.generate(
                **enc,
                max_new_tokens=max_new,
                do_sample=False,
                logits_processor=processors,
                pad_token_id=tokenizer.pad_token_id,
            )
        seconds += time.perf_counter() - begin
        new = out[:, enc.input_ids.shape[1] :]
        tokens += sum(sum(1 for t in row.tolist() if t not in eos) for row in new)
    return seconds, tokens, len(texts), timed


def throughput(args, model, tokenizer, texts: list[str]) -> None:
    from distill.constrain import record_processor

    def make(rows: int):
        return record_processor(tokenizer, batch_size=rows, model=model)

    plain = run(model, tokenizer, texts, args.batch, args.max_new_tokens)
    constrained = run(model, tokenizer, texts, args.batch, args.max_new_tokens, make)
    print(f"\n== generate, {len(texts)} prompts, batch {args.batch}, greedy ==")
    print(f"{'':<14}{'records/s':>10}{'tokens/s':>10}{'s/token':>10}")
    per_token = []
    for name, (secs, toks, recs, _) in (("plain", plain), ("constrained", constrained)):
        per_token.append(secs / max(toks, 1))
        print(f"{name:<14}{recs / secs:>10.3f}{toks / secs:>10.1f}{per_token[-1] * 1000:>9.1f}ms")
    inside = sum(t.seconds for t in constrained[3]) / max(constrained[1], 1)
    print(f"constraint overhead per token (wall): {per_token[1] / per_token[0] - 1:+.1%}")
    # On a loaded machine the wall ratio is noisy; the processor's own share is not.
    share = inside / per_token[1]
    print(f"time inside the processor: {inside * 1000:.2f} ms per token, {share:.1%} of generate")


def compare_backends(args, model, tokenizer, texts: list[str]) -> None:
    import xgrammar as xgr
    from xgrammar.contrib.hf import LogitsProcessor as XgrProcessor

    from distill.constrain import GrammarLogitsProcessor, eos_ids
    from validators.grammar.student import student_grammar, student_regex

    lark = student_grammar("mrk")
    regex = student_regex("mrk")
    begin = time.perf_counter()
    GrammarLogitsProcessor(tokenizer, lark, eos_token_id=eos_ids(tokenizer, model))
    ll_compile = time.perf_counter() - begin
    begin = time.perf_counter()
    info = xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=model.config.vocab_size)
    compiled = xgr.GrammarCompiler(info).compile_regex(regex)
    xgr_compile = time.perf_counter() - begin
    backends = {
        "llguidance": (
            ll_compile,
            lambda rows: GrammarLogitsProcessor(
                tokenizer, lark, rows, eos_token_id=eos_ids(tokenizer, model)
            ),
        ),
        "xgrammar": (xgr_compile, lambda rows: XgrProcessor(compiled)),
    }
    print(f"\n== backends, same grammar, {len(texts)} prompts, batch {args.batch} ==")
    print(f"{'backend':<12}{'compile s':>10}{'ms per row-token':>18}")
    for name, (compile_s, make) in backends.items():
        _, _, _, timed = run(model, tokenizer, texts, args.batch, args.max_new_tokens, make)
        ms = 1000 * sum(t.seconds for t in timed) / max(sum(t.row_steps for t in timed), 1)
        print(f"{name:<12}{compile_s:>10.2f}{ms:>18.3f}")


def tokens_per_record(tokenizer, records: list) -> None:
    counts = {"mrk": [], "marcxml": []}
    for record in records:
        counts["mrk"].append(len(tokenizer.encode(record.to_mrk(), add_special_tokens=False)))
        xml = record.to_marcxml()
        counts["marcxml"].append(len(tokenizer.encode(xml, add_special_tokens=False)))
    print(f"\n== tokens per record, {len(records)} real records, SmolLM2 tokenizer ==")
    print(f"{'syntax':<10}{'median':>8}{'p90':>8}{'mean':>8}")
    for name, values in counts.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(
            f"{name:<10}{statistics.median(values):>8.0f}{p90:>8.0f}{statistics.mean(values):>8.0f}"
        )
    ratio = statistics.median(counts["marcxml"]) / statistics.median(counts["mrk"])
    print(f"MARCXML costs {ratio:.2f}x the tokens of mrk (medians)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="smollm2", help="smollm2 (embedded) or a model folder")
    parser.add_argument("--records", type=int, default=8, help="prompts to generate for")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (2: the reference)")
    parser.add_argument("--compare-backends", action="store_true", help="llguidance vs xgrammar")
    parser.add_argument("--skip-generate", action="store_true", help="only count tokens")
    args = parser.parse_args(argv)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from generator.models import resolve_model

    torch.set_num_threads(args.threads)
    path = resolve_model(args.model)
    tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
    records = real_records()
    tokens_per_record(tokenizer, records)
    if args.skip_generate:
        return
    model = AutoModelForCausalLM.from_pretrained(path).eval()
    texts = prompts(tokenizer, records, args.records)
    throughput(args, model, tokenizer, texts)
    if args.compare_backends:
        compare_backends(args, model, tokenizer, texts)


if __name__ == "__main__":
    main()
