"""Diagnosis -> rich renderables for `advisor ask` / `advisor diagnose`."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text as RichText

from advisor.model.diagnosis import Diagnosis, RankedCause
from advisor.model.knowledge import KnowledgeBase
from advisor.render.diagnosis_json import finding_message
from advisor.render.kb_view import code_blocks
from advisor.render.paragraph import Paragraph
from advisor.render.verdict import verdict_text

BAR = 20
LABELS = {
    "recognised": ("识别到", "Recognised"), "causes": ("可能的原因", "Likely causes"),
    "evidence": ("依据", "Evidence"), "fixes": ("先试这些", "Try first"),
    "myth": ("别踩这个坑", "Don't fall for this"), "next": ("想更确定？请回答", "To narrow it down, answer"),
    "findings": ("日志发现", "Found in your log"), "more": ("完整条目", "Full entry"),
    "other_myths": ("相关误区", "Related myths"),
    "read": ("读取的日志", "Logs read"),
    "finding_cols": ("步|发现|详情", "step|finding|details"),
    "read_cols": ("文件|格式|数据点|步数范围|段", "file|format|points|steps|segments"),
}


def _label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en if lang == "en" else f"{zh} / {en}"


def diagnosis_view(kb: KnowledgeBase, diagnosis: Diagnosis, lang: str, top: int = 3,
                   framework: str | None = None) -> RenderableType:
    framework = framework or diagnosis.framework or "pytorch"
    parts: list[RenderableType] = [Paragraph(verdict_text(kb, diagnosis).pick(lang), style="bold")]
    recognised = _recognised(kb, diagnosis, lang)
    if recognised:
        parts.append(Paragraph(RichText.assemble((f"{_label('recognised', lang)}: ", "dim"), recognised)))
    if diagnosis.findings:
        parts += [_heading("findings", lang), _indent(_findings_table(kb, diagnosis, lang))]
    if diagnosis.causes:
        parts.append(_heading("causes", lang))
        for rank, ranked in enumerate(diagnosis.causes[:top], 1):
            parts += _cause(kb, ranked, rank, lang, framework, first=rank == 1)
    if diagnosis.myths:
        myth = kb.myths[diagnosis.myths[0]]
        parts.append(Paragraph(f"\n⚠ {_label('myth', lang)}: {myth.claim.pick(lang)}", style="bold yellow"))
        parts.append(_indent(Paragraph(myth.correction.pick(lang))))
        parts.append(_indent(Paragraph(f"{_label('more', lang)}: advisor kb show myth:{diagnosis.myths[0]}",
                                       style="dim")))
        others = "  ".join(f"advisor kb show myth:{m}" for m in diagnosis.myths[1:3])
        if others:
            parts.append(_indent(Paragraph(f"{_label('other_myths', lang)}: {others}", style="dim")))
    if diagnosis.next_question:
        parts.append(_next_question(kb, diagnosis.next_question, lang))
    return Group(*parts)


def logs_view(summaries, lang: str) -> RenderableType:
    """What was read: format, points, step range, and any notes, one line per file."""
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in _label("read_cols", lang).split("|"):
        table.add_column(column)
    for s in summaries:
        steps = f"{s.first_step:,}–{s.last_step:,}" if s.first_step is not None else "-"
        table.add_row(s.path, s.format, f"{s.points:,}", steps, str(s.segments))
    notes = [_indent(Paragraph(f"· {note.pick(lang)}", style="dim")) for s in summaries for note in s.notes]
    return Group(Paragraph(_label("read", lang), style="bold cyan"), table, *notes, Paragraph(""))


def _findings_table(kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> RenderableType:
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in _label("finding_cols", lang).split("|"):
        table.add_column(column)
    table.columns[0].justify = "right"
    for finding in diagnosis.findings:
        info, message = kb.findings.get(finding.id), finding_message(kb, finding)
        if info is None or message is None:
            continue
        style = "green" if info.healthy else "yellow"
        step = f"{finding.step:,}" if finding.step is not None else "-"
        table.add_row(step, Paragraph(info.title.pick(lang), style=style), Paragraph(message.pick(lang)))
    return table


def _recognised(kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> str:
    items = []
    for fact in diagnosis.facts:
        question = kb.questions[fact.question]
        option = next((o for o in question.options if o.id == fact.option), None)
        if option is not None:
            items.append(option.label.pick(lang))  # the answer speaks for itself; ids are for --answer
    return "; ".join(items)


def _cause(kb: KnowledgeBase, ranked: RankedCause, rank: int, lang: str, framework: str,
           first: bool) -> list[RenderableType]:
    cause = kb.causes[ranked.id]
    filled = round(ranked.score * BAR)
    out: list[RenderableType] = [RichText.assemble(
        f"\n{rank}. ", (cause.title.pick(lang), "bold"), "  ",
        ("█" * filled, "green"), ("░" * (BAR - filled), "dim"), f" {ranked.score:.2f}  ",
        (f"({ranked.id})", "dim"))]
    out.append(_indent(Paragraph(cause.summary.pick(lang))))
    out.append(_indent(Paragraph(_label("evidence", lang), style="italic")))
    for item in ranked.evidence[:4]:
        sign, style = ("+", "green") if item.weight > 0 else ("−", "red")
        out.append(_indent(Paragraph(RichText.assemble((f"{sign} ", style), item.reason.pick(lang))), 2))
    out.append(_indent(Paragraph(_label("fixes", lang), style="italic")))
    for n, fix in enumerate(cause.fixes[:3], 1):
        out.append(_indent(Paragraph(f"{n}. {fix.title.pick(lang)}", style="bold"), 2))
        if first and n == 1:  # the one thing to do now, in full; the rest is in `kb show`
            out.append(_indent(Paragraph(fix.how.pick(lang)), 3))
            out += [_indent(b, 3) for b in code_blocks(fix.code, lang, framework)]
    out.append(_indent(Paragraph(f"{_label('more', lang)}: advisor kb show {ranked.id}", style="dim")))
    return out


def _next_question(kb: KnowledgeBase, question_id: str, lang: str) -> RenderableType:
    """The question, then one `--answer id=option` per line with what the option means:
    the option ids alone are too cryptic, and all of them on one line overflow 80 columns."""
    from rich.table import Table

    question = kb.questions[question_id]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column(overflow="fold")  # Chinese has no spaces to wrap at
    for option in question.options:
        grid.add_row(f"--answer {question.id}={option.id}", option.label.pick(lang))
    return Group(
        Paragraph(f"\n{_label('next', lang)}: {question.text.pick(lang)}", style="bold cyan"),
        _indent(grid),
    )


def _heading(key: str, lang: str) -> Paragraph:
    return Paragraph(f"\n{_label(key, lang)}", style="bold cyan")


def _indent(renderable: RenderableType, level: int = 1) -> Padding:
    return Padding(renderable, (0, 0, 0, 2 * level))


