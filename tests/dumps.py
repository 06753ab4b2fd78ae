"""Large record dumps made on the spot, for the memory test and `bench/validate.py`: a block of
real records repeated until the file reaches the size asked, so streaming can be measured on
gigabytes without shipping them."""

from __future__ import annotations

from pathlib import Path


def write_dump(path: Path, block: bytes, size: int) -> int:
    """A MARCXML collection of about `size` bytes at `path`, `block`'s records repeated; the
    number of records written."""
    head, _, rest = block.partition(b"<record")
    body = b"<record" + rest[: rest.rindex(b"</collection>")]
    count = 0
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size:
            out.write(body)
            written += len(body)
            count += body.count(b"<record>")
        out.write(b"</collection>\n")
    return count
