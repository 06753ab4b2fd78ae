"""The demo's summary (JSON) and its HTML report: one model, two renderings.

The report is rendered from the very `DemoSummary` that is written to summary.json, so the
figures a reader sees on the page and in the terminal cannot drift from the saved ones.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from server.demo.charts import grouped_bar_chart, hbar_chart, line_chart
from server.demo.examples import ShownExample

TEMPLATES = Path(__file__).parent / "templates"
SPLIT_ORDER = {"train": 0, "validation": 1, "test": 2}


class MethodStats(BaseModel):
    method: str
    done: int = 0
    accepted: int = 0
    rejected: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    grammar: bool = False  # decoded under the record grammar

    @property
    def acceptance(self) -> float:
        return self.accepted / self.done if self.done else 0.0


class StudentFigures(BaseModel):
    n: int
    validity_rate: float
    validity_lenient: float
    validity_strict: float
    mean_score: float
    descriptive_f1: float
    field_precision: float
    field_recall: float
    field_f1: float


class DemoSummary(BaseModel):
    teacher: dict
    quick: bool
    generation: list[MethodStats]
    failures_per_rule: dict[str, int] = Field(default_factory=dict)
    datasets: dict[str, dict[str, int]] = Field(default_factory=dict)
    corpus: dict = Field(default_factory=dict)
    training: dict = Field(default_factory=dict)
    evaluation: dict[str, StudentFigures] = Field(default_factory=dict)
    # How the students answered: record syntax, decoding, rule set of the figures.
    decoding: dict[str, str | bool | float] = Field(default_factory=dict)
    examples: list[ShownExample] = Field(default_factory=list)
    artefacts: dict[str, str] = Field(default_factory=dict)
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    total_seconds: float = 0.0
    finished_at: str = ""


def render_report(summary: DemoSummary) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    failures = dict(sorted(summary.failures_per_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:15])
    metrics = {
        "validity (lenient)": "validity_lenient",
        "mean score": "mean_score",
        "descriptive F1": "descriptive_f1",
        "record F1": "field_f1",
    }
    charts = {
        "acceptance": hbar_chart(
            "Acceptance per method (%)",
            {m.method: round(100 * m.acceptance, 1) for m in summary.generation},
            unit="%",
            max_value=100,
        ),
        "failures": hbar_chart("Rejected examples' findings per rule", failures),
        "loss": line_chart("Training loss per step", summary.training.get("losses", [])),
        "students": grouped_bar_chart(
            "Student on held-out records",
            {
                label: {name: getattr(fig, attr) for name, fig in summary.evaluation.items()}
                for label, attr in metrics.items()
            },
            series=list(summary.evaluation),
        ),
    }
    found = {split for counts in summary.datasets.values() for split in counts}
    splits = sorted(found, key=lambda split: (SPLIT_ORDER.get(split, len(SPLIT_ORDER)), split))
    return env.get_template("report.html.j2").render(s=summary, charts=charts, splits=splits)


def write_report(summary: DemoSummary, out_dir: Path) -> tuple[Path, Path]:
    """Write summary.json and report.html into `out_dir`; return both paths."""
    summary_path = out_dir / "summary.json"
    report_path = out_dir / "report.html"
    summary_path.write_text(summary.model_dump_json(indent=2), encoding="utf-8")
    report_path.write_text(render_report(summary), encoding="utf-8")
    return summary_path, report_path
