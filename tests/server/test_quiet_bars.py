"""Off a terminal the command line keeps libraries' progress bars out of logs."""

import os
import subprocess
import sys

DRAW = (
    "from server.cli import quiet_bars_off_terminal\n"
    "quiet_bars_off_terminal()\n"
    "from tqdm.auto import tqdm\n"  # as transformers draws its GGUF de-quantising bar
    "list(tqdm(range(3), desc='Converting'))\n"
)


def _stderr(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TQDM_")} | env_extra
    done = subprocess.run(
        [sys.executable, "-c", DRAW], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_raw_tqdm_bar_stays_out_of_a_log():
    assert "Converting" not in _stderr({})


def test_a_users_own_setting_wins():
    assert "Converting" in _stderr({"TQDM_DISABLE": ""})
