"""The in-process vLLM teacher, run inside the vLLM environment by test_vllm_inprocess.py.

    COPISTE_VLLM_PYTHON tests/generator/vllm_inprocess.py OUT_DIR

Prints one JSON object with what the test checks. vLLM may start worker processes with spawn,
which re-imports this module: everything runs under the `__main__` guard.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def ask_directly() -> dict:
    from generator.teachers import SamplingParams, Structured, make_teacher

    teacher = make_teacher("vllm:smollm2", max_model_len=2048)
    started = time.perf_counter()
    async with teacher:
        loaded = time.perf_counter() - started
        question = [{"role": "user", "content": "Is Paris in France? Answer yes or no."}]
        plain, choice, regex = await asyncio.gather(
            teacher.chat(question, SamplingParams(temperature=0, max_tokens=16)),
            teacher.chat(
                question, SamplingParams(max_tokens=4, structured=Structured(choice=["yes", "no"]))
            ),
            teacher.chat(
                [{"role": "user", "content": "How much is 6 times 7?"}],
                SamplingParams(max_tokens=8, structured=Structured(regex=r"[0-9]{1,3}")),
            ),
        )
        completed = await teacher.complete(
            "The capital of France is", SamplingParams(temperature=0, max_tokens=4)
        )
        return {
            "describe": teacher.describe(),
            "load_s": round(loaded, 1),
            "plain": plain[0].model_dump(),
            "choice": choice[0].text,
            "regex": regex[0].text,
            "complete": completed[0].text,
        }


def main(out_dir: str) -> None:
    from generator.run import RunConfig, run_generation

    result = asyncio.run(ask_directly())
    config = RunConfig(task="math", method="answer", teacher="vllm:smollm2", n=4, lang="en")
    started = time.perf_counter()
    summary = run_generation(config, out_dir)
    result["run"] = summary.model_dump()
    result["run_s"] = round(time.perf_counter() - started, 1)
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
