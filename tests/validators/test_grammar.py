"""The record grammar against the rule sets: it accepts every real record a rule set accepts and
refuses each corruption whose rule it expresses, in both syntaxes and both of its forms."""

from __future__ import annotations

import copy
import random
import re
from functools import cache
from pathlib import Path

import pytest

from distill.corrupt import OPERATORS, corrupt
from validators import DataField, ReadError, Record, read_records, validate
from validators.engine import REGISTRY
from validators.grammar import NOT_EXPRESSED, TIGHTER, record_grammar, record_regex
from validators.record import Subfield
from validators.roles import STUDENT_RULES, STUDENT_TAGS, student_view
from validators.rulesets import get_ruleset
from validators.schema import default_schema, is_local

SYNTAXES = ("mrk", "marcxml")


def text_of(record: Record, syntax: str) -> str:
    return record.to_mrk() if syntax == "mrk" else record.to_marcxml().strip()


def within_grammar(record: Record, *, sort: bool = True) -> Record:
    """The record less what the grammar refuses on purpose (`TIGHTER`): undefined tags, empty
    fields and subfields; fields in tag order (stable, so repeated fields keep theirs)."""
    schema = default_schema()
    kept = []
    for f in record.fields:
        if f.tag not in schema.fields and not is_local(f.tag):
            continue
        if isinstance(f, DataField):
            f.subfields = [s for s in f.subfields if s.value.strip()]
            if not f.subfields:
                continue
        elif not f.value.strip():
            continue
        kept.append(f)
    return Record(record.leader, sorted(kept, key=lambda f: f.tag) if sort else kept)


def slot(tag: str) -> str:
    """Where the grammar puts a tag: local fields share one slot per block (X9X, 9XX)."""
    if tag.startswith("9"):
        return "900"
    return tag[:2] + "0" if is_local(tag) else tag


_REAL: list[Path] = []


@cache
def real_records() -> tuple[Record, ...]:
    """Every record of the real corpus, as found (each test copies what it changes)."""
    found: list[Record] = []
    for path in sorted(_REAL[0].iterdir()):
        if path.suffix in (".xml", ".mrc"):
            found += [r for r in read_records(path) if not isinstance(r, ReadError)]
    return tuple(found)


@cache
def valid_records(rules: str) -> tuple[Record, ...]:
    kept = [within_grammar(copy.deepcopy(r)) for r in real_records()]
    return tuple(r for r in kept if validate(r, rules=rules).valid)


@pytest.fixture(autouse=True)
def _real(real_dir):
    if not _REAL:
        _REAL.append(real_dir)


@pytest.fixture(scope="module")
def smollm2_tokenizer():
    """SmolLM2's tokenizer, and llguidance's view of it."""
    import llguidance.hf
    from transformers import AutoTokenizer

    from generator.models import embedded_model_dir

    tokenizer = AutoTokenizer.from_pretrained(embedded_model_dir())
    return tokenizer, llguidance.hf.from_tokenizer(tokenizer)


def test_the_lists_name_real_rules():
    assert set(REGISTRY) >= NOT_EXPRESSED | TIGHTER
    assert not NOT_EXPRESSED & TIGHTER


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("rules", ["lenient", "strict"])
def test_accepts_every_real_record_the_rule_set_accepts(syntax, rules):
    pattern = re.compile(record_regex(syntax, rules=rules))
    records = valid_records(rules)
    assert len(records) >= (500 if rules == "lenient" else 2)
    refused = [r.record_id for r in records if not pattern.fullmatch(text_of(r, syntax))]
    assert refused == []


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("rules", ["lenient", "strict"])
def test_refuses_each_corruption_it_expresses(syntax, rules):
    """Every operator whose rule is an error of the set, and that the grammar expresses, is
    refused each time its corruption makes the record invalid."""
    pattern = re.compile(record_regex(syntax, rules=rules))
    errors = {r for r, s in get_ruleset(rules).severities.items() if s.value == "error"}
    # XML well-formedness is a property of MARCXML text; an mrk writer cannot produce it.
    expressible = {
        name
        for name, op in OPERATORS.items()
        if op.rule in errors
        and op.rule not in NOT_EXPRESSED
        and not (syntax == "mrk" and op.rule == "XML_WELLFORMED")
    }
    seen: dict[str, int] = dict.fromkeys(expressible, 0)
    rng = random.Random(7)
    for record in valid_records("lenient")[::6]:
        for name in expressible:
            bad = corrupt(record, name, rng)
            if bad is None:
                continue
            if syntax == "marcxml" and OPERATORS[name].rule == "XML_WELLFORMED":
                text = bad.text.strip()
            else:
                broken = Record.from_marcxml(bad.text)
                if validate(broken, rules=rules).valid:
                    continue  # this copy happened not to break the rule in this set
                text = text_of(broken, syntax)
            assert not pattern.fullmatch(text), f"{name} accepted: {text[:400]}"
            seen[name] += 1
    assert all(seen.values()), f"operators never exercised: {[n for n, c in seen.items() if not c]}"


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_order_free_form_reads_records_as_found(syntax):
    """Real records out of tag order are refused by the ordered grammar (a finding to report,
    not a defect of the grammar) and read by the order-free one."""
    ordered = re.compile(record_regex(syntax))
    free = re.compile(record_regex(syntax, ordered=False))
    out_of_order = 0
    for record in real_records():
        as_found = within_grammar(copy.deepcopy(record), sort=False)
        if not validate(as_found, rules="lenient").valid:
            continue
        text = text_of(as_found, syntax)
        assert free.fullmatch(text)
        slots = [slot(f.tag) for f in as_found.fields]
        if slots != sorted(slots):
            out_of_order += 1
            assert not ordered.fullmatch(text)
    assert out_of_order > 0  # the real corpus holds some: the ordered test above sorts them


def test_a_tag_set_leaves_other_fields_out():
    """A student's grammar: the descriptive fields and 100, no 001 asked for, no 801 allowed."""
    pattern = re.compile(record_regex("mrk", tags=STUDENT_TAGS))
    grammar = record_grammar("mrk", tags=STUDENT_TAGS)
    assert "F001" not in grammar and "F801" not in grammar and "F200" in grammar
    # What a student is trained to write for each valid record (001 and 801 are copiste's).
    for view in map(student_view, valid_records("lenient")):
        assert pattern.fullmatch(view.to_mrk())
        with_801 = view.to_mrk() + "=801  \\0$aFR$bcopiste\n"
        assert not pattern.fullmatch(with_801)


def test_lark_form_agrees_with_the_regex_under_llguidance(smollm2_tokenizer):
    """The Lark grammar, compiled by llguidance, accepts and refuses what the regex does."""
    import llguidance

    grammar = record_grammar("mrk", rules="lenient")
    assert llguidance.LLMatcher.validate_grammar(grammar, smollm2_tokenizer[1]) == ""
    pattern = re.compile(record_regex("mrk", rules="lenient"))
    rng = random.Random(3)
    checked = 0
    for record in valid_records("lenient")[::20]:
        for text in (record.to_mrk(), corrupt(record, "leader_type", rng).text):
            if not text.startswith("="):
                text = Record.from_marcxml(text).to_mrk()
            # A matcher that met a refused token stays in error: one matcher per text.
            matcher = llguidance.LLMatcher(smollm2_tokenizer[1], grammar, log_level=0)
            tokens = smollm2_tokenizer[0].encode(text, add_special_tokens=False)
            accepted = matcher.consume_tokens(tokens) and matcher.is_accepting()
            assert accepted == bool(pattern.fullmatch(text))
            checked += 1
    assert checked > 40


def test_unknown_syntax_or_rule_set_is_one_clear_error():
    with pytest.raises(ValueError, match="unknown syntax 'json'"):
        record_regex("json")
    with pytest.raises(KeyError, match="unknown rule set"):
        record_grammar("mrk", rules="loose")


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_warnings_form_holds_the_codes_the_rule_set_only_warns_about(syntax):
    """For decoding: leader/17 and 100$a/17-19 kept to their codes even where lenient warns."""
    plain = re.compile(record_regex(syntax, tags=STUDENT_TAGS))
    held = re.compile(record_regex(syntax, tags=STUDENT_TAGS, warnings=True))
    record = next(
        r for r in map(student_view, valid_records("lenient")) if held.fullmatch(text_of(r, syntax))
    )
    assert plain.fullmatch(text_of(record, syntax))
    encoding = copy.deepcopy(record)
    encoding.leader = encoding.leader[:17] + "x" + encoding.leader[18:]
    audience = copy.deepcopy(record)
    f100 = audience.datafields("100")[0].subfields[0]
    f100.value = f100.value[:17] + "zzz" + f100.value[20:]
    for broken, rule in ((encoding, "LEADER_ENCODING_LEVEL"), (audience, "F100_A_AUDIENCE")):
        report = validate(broken, rules="lenient")
        assert rule in {f.rule for f in report.findings}
        assert plain.fullmatch(text_of(broken, syntax))
        assert not held.fullmatch(text_of(broken, syntax))


def test_a_students_record_holds_a_field_at_most_as_often_as_the_corpus_does():
    """Five 702s are a real record's (the corpus's most); the sixth is a loop, refused."""
    from validators.grammar.student import STUDENT_REPEATS, student_regex

    form = re.compile(student_regex("mrk"))
    record = next(r for r in map(student_view, valid_records("lenient")) if form.fullmatch(
        r.to_mrk()) and not r.datafields("702"))  # fmt: skip
    name = DataField("702", " ", "1", [Subfield("a", "Vasseur"), Subfield("b", "Claire")])
    assert STUDENT_REPEATS == 5
    for count, accepted in ((STUDENT_REPEATS, True), (STUDENT_REPEATS + 1, False)):
        looped = copy.deepcopy(record)
        looped.fields = sorted(looped.fields + [copy.deepcopy(name)] * count, key=lambda f: f.tag)
        assert bool(form.fullmatch(looped.to_mrk())) is accepted


def test_a_students_record_writes_no_digit_subfield_its_field_does_not_define():
    """The lenient set reads "200 ... $4070" as local data (a warning); a student has none to
    keep, so its bounded form refuses it, while the general lenient form still reads it."""
    from validators.grammar.student import student_regex

    form = re.compile(student_regex("mrk"))
    record = next(r for r in map(student_view, valid_records("lenient")) if form.fullmatch(
        r.to_mrk()))  # fmt: skip
    record.datafields("200")[0].subfields.append(Subfield("4", "070"))
    assert not form.fullmatch(record.to_mrk())
    unbounded = record_regex("mrk", rules=STUDENT_RULES, tags=STUDENT_TAGS)
    assert re.compile(unbounded).fullmatch(record.to_mrk())


def test_a_students_100_carries_copistes_own_positions_as_constants():
    """Date entered, cataloguing language and character sets are copiste's to write: the bounded
    form holds them to the targets' constants, the date type and dates stay the model's."""
    from validators.grammar.student import student_regex

    form = re.compile(student_regex("mrk"))
    record = next(r for r in map(student_view, valid_records("lenient")) if form.fullmatch(
        r.to_mrk()))  # fmt: skip
    coded = record.datafields("100")[0].subfields[0]
    original = coded.value
    for start, other in ((0, "19990101"), (22, "eng"), (26, "01")):
        coded.value = original[:start] + other + original[start + len(other) :]
        assert not form.fullmatch(record.to_mrk())
    coded.value = original[:9] + "1789" + original[13:]
    assert form.fullmatch(record.to_mrk())


def test_a_students_100_dates_fit_their_type_of_date():
    """The bounded form holds 100$a/8-16 as F100_A_DATES reads them together, which the lenient
    set only warns about: a student wrote the extent there (`a1951. In-8°,`)."""
    from validators.grammar.student import student_regex

    form = re.compile(student_regex("mrk"))
    record = next(r for r in map(student_view, valid_records("lenient")) if form.fullmatch(
        r.to_mrk()))  # fmt: skip
    coded = record.datafields("100")[0].subfields[0]
    original = coded.value
    fits = ["d1990    ", "a19959999", "b19952000", "u        ", "j19950412"]
    misfits = ["a1995    ", "d19959999", "d1951. In", "j19951332"]
    for dates, accepted in [(d, True) for d in fits] + [(d, False) for d in misfits]:
        coded.value = original[:8] + dates + original[17:]
        assert bool(form.fullmatch(record.to_mrk())) is accepted, dates
        assert ("F100_A_DATES" not in validate(record, rules="lenient").broken_rules) is accepted
