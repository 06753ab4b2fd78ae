"""Folders written whole or not at all (converted models, datasets, exported bundles), and the
lock files that keep two processes out of one folder."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_folder(target: Path, *, replace: bool = True) -> Iterator[Path]:
    """A private folder beside `target`, moved into its place when the block succeeds.

    Readers never see a half-written folder and an interrupted write leaves `target` as it
    was. With `replace=False`, a `target` that exists by then (another process finished the
    same work first) is kept and this copy dropped.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield work
        if target.exists() and replace:
            shutil.rmtree(target)
        try:
            os.replace(work, target)
        except OSError:
            if replace or not target.exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def try_lock(path: Path) -> IO[str] | None:
    """An exclusive lock on the file `path` (created if missing), held while the returned
    handle is open and released when the process exits, even on a crash; None when another
    process holds it. Callers raise their own error, worded for what the lock guards."""
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
