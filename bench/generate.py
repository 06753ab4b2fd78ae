"""Throughput of `copiste generate` next to a plain concurrent client, against the same vLLM.

    .venv/bin/python bench/generate.py                  # starts vLLM (CPU build) with SmolLM2
    .venv/bin/python bench/generate.py --url http://127.0.0.1:8000 --requests 256

copiste runs a whole generation (templates, SQLite, validation, export) into a fresh folder; the
plain client replays exactly the requests copiste stored (same messages, same sampling) with
httpx and a semaphore, nothing else. Both keep the same number of requests in flight and decode
greedily, so they get the same tokens. A warm-up pass fills vLLM's prefix cache first, then the
two alternate; the figure is completion tokens per second of wall time, and the ratio
copiste / plain (target >= 0.9).

    .venv/bin/python bench/generate.py --acceptance --examples 24

`--acceptance` measures instead what a teacher's tokens buy: the unimarc answer method on the
same seeds, four ways (unconstrained MARCXML, MARCXML and mrk under the record grammar, mrk under
the grammar with one repair round), each into a fresh folder; the figure is accepted examples
per 1,000 teacher tokens, completion tokens (what the teacher wrote, repairs included) and all
tokens (prompts too). Goal: constrained mrk with a repair at least twice unconstrained MARCXML.

    .venv/bin/python bench/generate.py --replicas 3 --requests 144 --concurrency 24

`--replicas N` measures a teacher fleet on loopback: N `tests/teacher_server.py` processes, each
answering at most `--slots` requests at once after `--delay` seconds (a server of fixed capacity,
as a GPU is). copiste runs the same generation against one replica (a plain `--teacher URL`) and
against all N (`--teacher URL1,URL2,...`), and the plain client replays its requests against one
replica; the figure is requests per second, and the ratios fleet / one replica and each / plain.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.run import RunConfig, run_generation  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
SEEDS = [
    REAL / "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml",
    REPO / "tests" / "generator" / "data" / "records.xml",
]


def copiste_pass(config: RunConfig) -> tuple[float, int, Path]:
    out = Path(tempfile.mkdtemp(prefix="copiste-bench-"))
    started = time.perf_counter()
    summary = run_generation(config, out)
    elapsed = time.perf_counter() - started
    if summary.finished != summary.planned:
        sys.exit(f"copiste finished {summary.finished}/{summary.planned} requests")
    return elapsed, summary.completion_tokens, out


def stored_bodies(out: Path, model: str) -> list[dict]:
    """The exact requests copiste sent, as OpenAI bodies."""
    from generator.teachers import SamplingParams
    from generator.teachers.http import sampling_body

    db = sqlite3.connect(out / "run.sqlite")
    bodies = []
    for request, sampling in db.execute("SELECT request, sampling FROM responses"):
        params = SamplingParams(**json.loads(sampling))
        bodies.append({"model": model, "messages": json.loads(request), **sampling_body(params)})
    return bodies


async def plain_pass(url: str, bodies: list[dict], concurrency: int) -> tuple[float, int]:
    slots = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url + "/v1", timeout=600, limits=limits) as client:

        async def one(body: dict) -> int:
            async with slots:
                response = await client.post("/chat/completions", json=body)
                response.raise_for_status()
                return response.json()["usage"]["completion_tokens"]

        started = time.perf_counter()
        tokens = await asyncio.gather(*(one(body) for body in bodies))
        return time.perf_counter() - started, sum(tokens)


def bench_config(
    url: str,
    seeds: Path,
    args: argparse.Namespace,
    method: str,
    n: int,
    sampling: dict,
    **options: object,
) -> RunConfig:
    """A UNIMARC run of this bench: against `url`, in English, at `--concurrency`."""
    return RunConfig(
        task="unimarc",
        method=method,
        seeds=seeds,
        teacher=url,
        lang="en",
        n=n,
        concurrency=args.concurrency,
        sampling=sampling,
        **options,
    )


@contextmanager
def loopback_teachers(count: int, slots: int, delay: float) -> Iterator[list[str]]:
    """`count` test teacher servers of fixed capacity on free loopback ports: their URLs."""
    script = REPO / "tests" / "teacher_server.py"
    command = [sys.executable, str(script), "--slots", str(slots), "--delay", str(delay)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(count)]
    try:
        ports = [p.stdout.readline().split()[1] for p in processes if p.stdout is not None]
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait()


def replicas(args: argparse.Namespace, seeds: Path) -> None:
    """Requests per second: plain client on one replica, copiste on one, copiste on all."""
    with loopback_teachers(args.replicas, args.slots, args.delay) as urls:

        def config(teacher: str) -> RunConfig:
            sampling = {"max_tokens": args.max_tokens, "temperature": 0.0}
            return bench_config(teacher, seeds, args, "backtranslation", args.requests, sampling)

        ways = {"plain, 1 replica": urls[0], "copiste, 1 replica": urls[0]}
        ways[f"copiste, {args.replicas} replicas"] = ",".join(urls)
        _, _, first = copiste_pass(config(urls[0]))
        bodies = stored_bodies(first, "test-teacher")
        rates: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.rounds):
            for name, teacher in ways.items():
                if name.startswith("plain"):
                    elapsed, _ = asyncio.run(plain_pass(teacher, bodies, args.concurrency))
                else:
                    elapsed, _, _ = copiste_pass(config(teacher))
                rates[name].append(args.requests / elapsed)
    capacity = args.slots / args.delay
    print(
        f"\n{args.requests} requests, {args.concurrency} in flight, loopback replicas of "
        f"{args.slots} slots x {args.delay} s ({capacity:.0f} requests/s each), seeds {seeds.name}"
    )
    print(f"{'way':<24}{'requests/s (each pass)':>36}{'median':>10}")
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        each = ", ".join(f"{value:.1f}" for value in values)
        print(f"{name:<24}{each:>36}{medians[name]:>10.1f}")
    plain, one, fleet = medians.values()
    print(f"ratio {args.replicas} replicas / 1 replica: {fleet / one:.2f}")
    print(
        f"ratio to the plain client on 1 replica: 1 replica {one / plain:.2f}, "
        f"{args.replicas} replicas {fleet / plain:.2f}"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"rates": rates, "args": vars(args)}, default=str, indent=2)
        )


ACCEPTANCE = {
    "marcxml, unconstrained": {"syntax": "marcxml", "constrain": False},
    "marcxml, constrained": {"syntax": "marcxml"},
    "mrk, constrained": {"syntax": "mrk"},
    "mrk, constrained, 1 repair": {"syntax": "mrk", "repair": 1},
}


def acceptance(url: str, seeds: Path, args: argparse.Namespace) -> dict[str, dict]:
    """Each way's counts and its accepted examples per 1,000 tokens."""
    figures = {}
    for name, options in ACCEPTANCE.items():
        sampling = {"max_tokens": args.max_tokens}
        config = bench_config(url, seeds, args, "answer", args.examples, sampling, **options)
        out = Path(tempfile.mkdtemp(prefix="copiste-bench-"))
        started = time.perf_counter()
        summary = run_generation(config, out)
        wall = time.perf_counter() - started
        total = summary.prompt_tokens + summary.completion_tokens
        figures[name] = {
            "accepted": summary.accepted,
            "examples": summary.examples,
            "failed": summary.failed,
            "repairs": summary.repairs,
            "repaired": summary.repaired,
            "completion_tokens": summary.completion_tokens,
            "prompt_tokens": summary.prompt_tokens,
            "per_1k_completion": 1000 * summary.accepted / max(summary.completion_tokens, 1),
            "per_1k_all": 1000 * summary.accepted / max(total, 1),
            "wall_s": wall,
            "out": str(out),
        }
        print(f"{name}: {figures[name]}", flush=True)
    return figures


def print_acceptance(figures: dict[str, dict], args: argparse.Namespace, model: str) -> None:
    print(
        f"\nunimarc answer, {args.examples} examples per way, max_tokens {args.max_tokens}, "
        f"temperature 0.7, teacher {model}"
    )
    head = f"{'way':<28}{'accepted':>10}{'repairs':>9}{'compl. tok':>12}{'prompt tok':>12}"
    print(head + f"{'acc/1k compl':>14}{'acc/1k all':>12}{'wall s':>8}")
    for name, f in figures.items():
        print(
            f"{name:<28}{f['accepted']:>6}/{f['examples']:<3}{f['repairs']:>9}"
            f"{f['completion_tokens']:>12}{f['prompt_tokens']:>12}"
            f"{f['per_1k_completion']:>14.2f}{f['per_1k_all']:>12.3f}{f['wall_s']:>8.0f}"
        )
    base = figures["marcxml, unconstrained"]["per_1k_completion"]
    best = figures["mrk, constrained, 1 repair"]["per_1k_completion"]
    ratio = f"{best / base:.1f}x" if base else "n/a (unconstrained accepted none)"
    print(f"mrk + grammar + 1 repair vs unconstrained MARCXML, per 1k completion tokens: {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running vLLM server (default: start one)")
    parser.add_argument(
        "--vllm-python",
        default=os.environ.get("COPISTE_VLLM_PYTHON")
        or str(REPO / ".venv-vllm" / "bin" / "python"),
    )
    parser.add_argument("--requests", type=int, default=96)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3, help="measured passes of each client")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--acceptance",
        action="store_true",
        help="accepted examples per 1,000 teacher tokens, four ways (see the module docstring)",
    )
    parser.add_argument("--examples", type=int, default=24, help="per way, with --acceptance")
    parser.add_argument("--seeds", type=Path, help="records (default: a real BnF dump if present)")
    parser.add_argument(
        "--replicas", type=int, help="a fleet of N loopback test teachers (see the docstring)"
    )
    parser.add_argument("--slots", type=int, default=4, help="per replica, with --replicas")
    parser.add_argument("--delay", type=float, default=0.5, help="per answer, with --replicas")
    args = parser.parse_args()
    if args.replicas:
        replicas(args, args.seeds or next(path for path in SEEDS if path.exists()))
        return
    if args.acceptance and "--max-tokens" not in sys.argv:
        args.max_tokens = 1024  # a whole record; throughput runs keep their short answers

    server = None
    url = args.url
    if url is None:
        from generator.models import embedded_model_dir
        from tests.vllm_server import LocalVLLMServer

        # Room for a repair round: the prompt, the answer being repaired, the new answer.
        server = LocalVLLMServer(args.vllm_python, str(embedded_model_dir()), max_model_len=4096)
        url = server.start()
        print(f"vLLM healthy after {server.startup_s:.1f} s (log {server.log_path})")
    try:
        model = httpx.get(f"{url}/v1/models").json()["data"][0]["id"]
        seeds = args.seeds or next(path for path in SEEDS if path.exists())
        if args.acceptance:
            figures = acceptance(url, seeds, args)
            print_acceptance(figures, args, model)
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2))
            return
        # Greedy: both clients get the same tokens. (Per-request seeds crash vLLM's CPU
        # build under load: its sampler rewinds generators with a CUDA-only call.)
        sampling = {"max_tokens": args.max_tokens, "temperature": 0.0}
        config = bench_config(url, seeds, args, "backtranslation", args.requests, sampling)
        _, _, first = copiste_pass(config)
        bodies = stored_bodies(first, model)
        asyncio.run(plain_pass(url, bodies, args.concurrency))  # warm-up: prefix cache, workers
        rows: dict[str, list[tuple[float, int]]] = {"plain": [], "copiste": []}
        for _ in range(args.rounds):
            rows["plain"].append(asyncio.run(plain_pass(url, bodies, args.concurrency)))
            elapsed, tokens, _ = copiste_pass(config)
            rows["copiste"].append((elapsed, tokens))
    finally:
        if server is not None:
            server.stop()

    rates = {
        name: [tokens / elapsed for elapsed, tokens in passes] for name, passes in rows.items()
    }
    print(
        f"\n{args.requests} requests, {args.concurrency} in flight, max_tokens "
        f"{args.max_tokens}, seeds {seeds.name}, teacher {model}"
    )
    print(f"{'client':<10}{'tokens/pass':>12}{'wall s (each pass)':>34}{'tok/s median':>16}")
    for name, passes in rows.items():
        walls = ", ".join(f"{elapsed:.1f}" for elapsed, _ in passes)
        print(f"{name:<10}{passes[0][1]:>12}{walls:>34}{statistics.median(rates[name]):>16.1f}")
    ratio = statistics.median(rates["copiste"]) / statistics.median(rates["plain"])
    print(f"ratio copiste / plain: {ratio:.3f} (target >= 0.9)")
    if args.json:
        args.json.write_text(
            json.dumps({"rates": rates, "ratio": ratio, "args": vars(args)}, default=str, indent=2)
        )


if __name__ == "__main__":
    main()
