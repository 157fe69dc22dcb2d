"""The knowledge base's types: the one declaration of every YAML shape in `knowledge/`.

Every struct is frozen and forbids unknown keys, so a typo in a YAML key is an error with
a location, not a silently ignored field. Field docstrings say what each field means to
the expert writing the content.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from advisor.model.text import NonEmpty, Phrases, Text

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
Ids = Annotated[list[Id], msgspec.Meta(min_length=1)]
"""A list of ids that must not be empty."""
Framework = Literal["pytorch", "tensorflow", "paddle"]
FRAMEWORKS: tuple[str, ...] = ("pytorch", "tensorflow", "paddle")
Category = Literal[
    "learning_rate", "optimization", "data", "numerics", "architecture",
    "training_loop", "infrastructure", "generalization", "expected",
]


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Base: frozen, unknown keys rejected."""


class Code(_Strict):
    """Code snippets for one fix, per framework; give those where code applies."""

    pytorch: str | None = None
    tensorflow: str | None = None
    """TensorFlow / Keras."""
    paddle: str | None = None
    """PaddlePaddle."""

    def items(self) -> list[tuple[str, str]]:
        """(framework, code) pairs that are present, in the canonical order."""
        return [(fw, getattr(self, fw)) for fw in FRAMEWORKS if getattr(self, fw)]


class Fix(_Strict):
    """One remedy, concrete enough to act on."""

    id: Id
    """Unique within its cause; referenced as `cause_id.fix_id`."""
    title: Text
    how: Text
    """What to do, with numbers: by how much, which setting, what to watch afterwards."""
    when: Text | None = None
    """When this fix applies, if it is conditional (precision, scale, symptom)."""
    only_for: list[Id] = []
    """Symptom ids this fix is limited to (empty: all symptoms of the cause)."""
    code: Code | None = None


class Check(_Strict):
    """One way to confirm or rule out a cause."""

    check: Text
    """What to log, print or run."""
    expect: Text
    """Which value or observation confirms the cause, and which rules it out."""


class Cause(_Strict):
    """A cause of a sudden loss increase; one file `knowledge/causes/<id>.yaml` each."""

    id: Id
    category: Category
    title: Text
    summary: Text
    """Two or three sentences: what goes wrong."""
    mechanism: Text
    """Why it makes the loss go up, step by step."""
    curve: Text
    """What the loss (and lr / grad-norm / loss-scale) curves typically look like."""
    symptoms: Ids
    """Ids from `symptoms.yaml` this cause produces."""
    confirm: Annotated[list[Check], msgspec.Meta(min_length=1)]
    fixes: Annotated[list[Fix], msgspec.Meta(min_length=1)]
    """Ordered by what to try first."""
    sources: Annotated[list[NonEmpty], msgspec.Meta(min_length=1)]
    """Papers, official guides and practitioner reports, by name."""
    related: list[Id] = []
    """Other cause ids that look similar or often co-occur."""
    terms: list[Id] = []
    """Glossary ids a junior should know to read this entry."""
    prior: Annotated[float, msgspec.Meta(ge=0.0, le=1.0)] = 0.5
    """How common this cause is among sudden loss increases (relative base rate)."""
    cues: Phrases | None = None
    """Clues in a user's description that point to this cause: settings, tools, situations
    ("shuffle=False", "只存了模型权重", "T_max", "reduction='sum'"), not generic symptoms."""


class Symptom(_Strict):
    """Something the user sees; the one-shot query matches its phrases."""

    id: Id
    title: Text
    description: Text
    phrases: Phrases
    """What users really type, colloquial and mixed-language included."""


class Myth(_Strict):
    """A common wrong belief, with its correction and the reasoning."""

    id: Id
    claim: Text
    """The wrong belief, stated as people state it."""
    correction: Text
    why: Text
    """The mechanism that makes the claim wrong."""
    causes: list[Id] = []
    """Cause ids where this myth tempts people."""
    sources: list[NonEmpty] = []


class Term(_Strict):
    """A glossary entry for juniors."""

    id: Id
    term: Text
    definition: Text
    """One or two sentences."""
    aliases: Phrases | None = None
    see: list[Id] = []
    """Related glossary ids or cause ids."""


class PlaybookStep(_Strict):
    id: Id
    title: Text
    when: Text
    """When this step is warranted (what has been tried, what the curves show)."""
    action: Text
    code: Code | None = None


class Playbook(_Strict):
    """An escalation procedure, e.g. recovering a spike in a large, expensive run."""

    id: Id
    title: Text
    summary: Text
    steps: Annotated[list[PlaybookStep], msgspec.Meta(min_length=1)]
    causes: list[Id] = []
    sources: list[NonEmpty] = []


class SeedItem(_Strict):
    """One cause or remedy named in the source article, and where the KB covers it."""

    id: Id
    kind: Literal["cause", "remedy"]
    quote: NonEmpty
    """A short verbatim excerpt from the article (Chinese)."""
    note: Text
    """How the knowledge base treats this item (agrees, refines, corrects)."""
    maps_to: Annotated[list[NonEmpty], msgspec.Meta(min_length=1)]
    """Cause ids, `cause.fix` references, myth ids or playbook ids."""


Weights = dict[Id, Annotated[float, msgspec.Meta(ge=-4.0, le=4.0)]]
"""cause id -> evidence weight in log-odds units: +1 roughly "makes it ~3x more likely",
-1 "~3x less likely"; +/-3 is near-decisive. See the scoring section of the README."""


class Option(_Strict):
    """One answer to a question."""

    id: Id
    label: Text
    weights: Weights = {}
    """How choosing this option moves each cause."""
    phrases: Phrases | None = None
    """Words in a free-text query that state this answer ("fp16", "没开梯度裁剪")."""
    symptoms: list[Id] = []
    """Symptoms that, matched in free text, imply this answer."""
    fallback: bool = False
    """A vague answer ("mixed precision, not sure which") that yields, in free text, to any
    other option of the same question that also matched."""


class Question(_Strict):
    """A guided question; "unknown" (I don't know) is always offered as well."""

    id: Id
    text: Text
    why: Text
    """Why it is asked: which hypotheses its answer separates."""
    options: Annotated[list[Option], msgspec.Meta(min_length=2)]
    negation: dict[Id, Id] = {}
    """option -> option meant when that option's phrase is negated ("no fp16" -> fp32)."""


class TreeNode(_Strict):
    """A node of the decision tree: ask a question and branch, or conclude."""

    id: Id
    ask: Id | None = None
    """Question id asked at this node (skipped when already answered)."""
    next: dict[Id, Id] = {}
    """option id -> node id; the key `default` covers every other option and "unknown"."""
    conclude: list[Id] = []
    """At a leaf: the candidate causes this path points to."""


class Tree(_Strict):
    start: Id
    nodes: Annotated[list[TreeNode], msgspec.Meta(min_length=1)]


class FindingInfo(_Strict):
    """What a log finding means: its wording and how it moves the diagnosis."""

    id: Id
    title: Text
    message: Text
    """Template filled with the finding's values: {step}, {end_step}, {magnitude} and its own keys."""
    answers: dict[Id, Id] = {}
    """question id -> option id this finding answers ("answered from your log")."""
    weights: Weights = {}
    healthy: bool = False
    """True for patterns that need no action (a one-step blip, early loss-scale calibration)."""


class Synonym(_Strict):
    """Words users use interchangeably; free text and phrases are both rewritten to `id`
    before matching, so one phrase covers "val loss climbing" and "validation loss rises"."""

    id: Id
    """The canonical token the variants become."""
    zh: list[NonEmpty] = []
    """Chinese variants, replaced as substrings (longest first)."""
    en: list[NonEmpty] = []
    """English variants (words or word sequences), replaced as whole words."""


class CurveSpec(_Strict):
    """How to draw a case study's curves: a documented failure model and its parameters."""

    model: Id
    """Name of a generator in `advisor.learn.curves` (each documents its model)."""
    steps: Annotated[int, msgspec.Meta(ge=50, le=100_000)] = 2000
    seed: int = 0
    params: dict[str, float] = {}


class CaseStudy(_Strict):
    """A practice case for `advisor learn`: a run's facts and curve; the learner names the cause."""

    id: Id
    title: Text
    story: Text
    """The facts of the run as a colleague would tell them (model, data, settings, what they saw)."""
    curve: CurveSpec
    answer: Id
    """The cause id, or `healthy` for a run that needs no action."""
    reading: Text
    """What an expert reads in this curve, and why it points to the answer."""
    fix: Text
    """What to do (or, for a healthy run, why nothing needs doing)."""
    accept: list[Id] = []
    """Other cause ids that also count as right."""
    myth: Id | None = None
    """A myth this case tempts people into."""
    finding: Id | None = None
    """The finding the project's detectors must report on this curve (None: no alarm)."""
    level: Literal["beginner", "intermediate", "advanced"] = "beginner"


class TermIndex(msgspec.Struct, frozen=True):
    """Term statistics of every cause's text, for ranking causes by a description's words
    (BM25). Derived from the knowledge base when it is loaded, and cached with it."""

    terms: dict[str, dict[str, int]]
    """cause id -> term -> count. Terms: canonical English words and Chinese bigrams."""
    document_frequency: dict[str, int]
    lengths: dict[str, int]


class KnowledgeBase(msgspec.Struct, frozen=True, kw_only=True):
    """Everything in `knowledge/`, loaded, validated and indexed by id."""

    causes: dict[str, Cause]
    symptoms: dict[str, Symptom]
    myths: dict[str, Myth]
    terms: dict[str, Term]
    playbooks: dict[str, Playbook]
    seed: dict[str, SeedItem]
    questions: dict[str, Question]
    findings: dict[str, FindingInfo]
    lexicon: dict[str, Synonym]
    cases: dict[str, CaseStudy]
    index: TermIndex | None = None
    """Filled by `advisor.kb.load_knowledge`; None straight from the loader."""
    tree: Tree | None

    def entry_kinds(self) -> list[tuple[str, dict]]:
        """(kind, entries) for the kinds `kb list` and `kb show` browse, in display order."""
        return [
            ("cause", self.causes), ("symptom", self.symptoms), ("myth", self.myths),
            ("playbook", self.playbooks), ("term", self.terms),
        ]
