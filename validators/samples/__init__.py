"""copiste's own sample UNIMARC records, written for the project (not taken from a catalogue).

Twelve MARCXML records: French, English, German, Italian, Spanish and Latin books, two theses,
a serial, a printed score, a map and an electronic book. All are valid under the `strict` rule
set; the README, the demo and offline tests use them.

`example.xml` is one more, Baudelaire's *Les fleurs du mal* (Gallimard, 1972): every mandatory
field, a valid ISBN, coded data in 100$a, nothing for the strict rule set to say. It is the
example of the API documentation, and tests derive broken variants from its text.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from validators.readers import ReadError, read_records
from validators.record import Record

SAMPLES_FILE = "records.xml"
EXAMPLE_FILE = "example.xml"

# The example record as text (tests edit it as a string; the API shows it as is).
SAMPLE_RECORD = (resources.files("validators.samples") / EXAMPLE_FILE).read_text(encoding="utf-8")


def sample_path() -> Path:
    """The MARCXML collection file holding the samples."""
    return Path(str(resources.files("validators.samples") / SAMPLES_FILE))


def load_samples() -> list[Record]:
    """The sample records, in file order."""
    records = []
    for item in read_records(sample_path()):
        if isinstance(item, ReadError):  # the file ships with the package: this is a bug
            raise RuntimeError(f"{sample_path()}: {item.message}")
        records.append(item)
    return records
