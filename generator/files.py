"""Folders written whole or not at all: converted models, datasets, exported bundles."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
