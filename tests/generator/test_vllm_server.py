"""The REAL vLLM tier: `vllm serve` (CPU build) with SmolLM2, and `copiste generate` against it.

No request here carries a sampling seed: vLLM's CPU build crashes its engine on seeded requests
under chunked prefill (its sampler rewinds generators with a CUDA-only call).
The server runs from the vLLM environment (`make vllm-venv`, path in COPISTE_VLLM_PYTHON) on a
free loopback port, is waited for on /health, and is stopped by PID at the end of the module.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from generator.teachers import SamplingParams, Structured, make_teacher

pytestmark = [pytest.mark.vllm, pytest.mark.slow]
START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def vllm_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(VLLM_CPU_KVCACHE_SPACE="2", HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return env


@pytest.fixture(scope="module")
def vllm_python(require) -> str:
    python = os.environ.get("COPISTE_VLLM_PYTHON", "")
    require(
        bool(python) and Path(python).exists(),
        "COPISTE_VLLM_PYTHON does not name the vLLM environment's python (make vllm-venv)",
    )
    return python


@pytest.fixture(scope="module")
def vllm_server(vllm_python, tmp_path_factory):
    from generator.models import embedded_model_dir

    model = str(embedded_model_dir())
    port = free_port()
    log_path = tmp_path_factory.mktemp("vllm") / "server.log"
    command = [
        vllm_python,
        "-m",
        "vllm.entrypoints.openai.api_server",
        "--model",
        model,
        "--enforce-eager",
        "--max-model-len",
        "2048",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, env=vllm_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"vLLM exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() - started > START_TIMEOUT_S:
                pytest.fail(
                    f"vLLM not healthy after {START_TIMEOUT_S} s:\n{log_path.read_text()[-3000:]}"
                )
            time.sleep(1)
        print(f"vLLM server healthy after {time.monotonic() - started:.1f} s")
        yield {"url": url, "model": model, "pid": process.pid}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):  # engine workers it left behind
            os.killpg(process.pid, signal.SIGKILL)


def test_copiste_generate_end_to_end_against_vllm(
    vllm_server, records_path, tmp_path, copiste_command, cli_env
):
    out = tmp_path / "run"
    command = [
        *copiste_command,
        "generate",
        "--task",
        "unimarc",
        "--method",
        "backtranslation",
        "--seeds",
        str(records_path),
        "--teacher",
        vllm_server["url"],
        "--n",
        "4",
        "--max-tokens",
        "96",
        "--lang",
        "en",
        "--out",
        str(out),
    ]
    started = time.monotonic()
    result = subprocess.run(command, env=cli_env, capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    print(f"copiste generate (4 backtranslations, vLLM): {elapsed:.1f} s\n{result.stdout}")
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    assert len(examples) == 4
    for example in examples:
        provenance = example["provenance"]
        assert provenance["teacher"] == {
            "backend": "openai-http",
            "model": vllm_server["model"],
            "endpoint": vllm_server["url"] + "/v1",
        }
        assert 0 < provenance["tokens"]["completion"] <= 96
        assert provenance["tokens"]["prompt"] > 100
        assert example["question"]  # the model wrote a description
        assert "grounding" in example["verdict"]["checks"]
    # Rerunning resumes: nothing is sent to vLLM again.
    again = subprocess.run(command, env=cli_env, capture_output=True, text=True, timeout=120)
    assert "0 sent, 4 reused" in again.stdout


def test_structured_outputs_against_vllm(vllm_server):
    schema = {
        "type": "object",
        "properties": {"title": {"type": "string"}, "year": {"type": "integer"}},
        "required": ["title", "year"],
    }

    async def go():
        async with make_teacher(vllm_server["url"]) as teacher:
            ask = [{"role": "user", "content": "Give a book title and its year as JSON."}]
            return await asyncio.gather(
                teacher.chat(
                    ask,
                    SamplingParams(max_tokens=60, structured=Structured(json_schema=schema)),
                ),
                teacher.chat(
                    [{"role": "user", "content": "Is the sky blue? yes or no"}],
                    SamplingParams(max_tokens=4, structured=Structured(choice=["oui", "non"])),
                ),
                teacher.chat(
                    [{"role": "user", "content": "What is 6 times 7?"}],
                    SamplingParams(max_tokens=8, structured=Structured(regex=r"[0-9]{1,4}")),
                ),
            )

    as_json, choice, number = asyncio.run(go())
    data = json.loads(as_json[0].text)
    assert isinstance(data["title"], str) and isinstance(data["year"], int)
    assert choice[0].text in ("oui", "non")
    assert re.fullmatch(r"[0-9]{1,4}", number[0].text)


def test_methods_use_structured_outputs_on_vllm(vllm_server):
    from generator.run import RunConfig, generate_examples

    answers = generate_examples(
        RunConfig(
            task="math",
            method="answer",
            teacher=vllm_server["url"],
            n=4,
            lang="en",
        )
    )
    assert all(e.verdict["checks"]["numeric"] for e in answers)  # the regex held
    invented = generate_examples(
        RunConfig(
            task="math",
            method="synthesis",
            teacher=vllm_server["url"],
            n=2,
            lang="en",
        )
    )
    for example in invented:  # the JSON schema held: every field parsed
        assert example.question and example.reasoning
        assert example.verdict["checks"]["numeric"]
        assert example.provenance["sampling"]["structured"]["json_schema"]["required"] == [
            "question",
            "expression",
            "answer",
        ]
