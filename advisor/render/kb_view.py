"""Knowledge-base entries as rich renderables for the terminal (`advisor kb list/show`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text as RichText

from advisor.model.knowledge import Code, KnowledgeBase
from advisor.model.text import Text
from advisor.render.kb_json import entry_title
from advisor.render.labels import label
from advisor.render.paragraph import Paragraph


def kb_table(kb: KnowledgeBase, lang: str, kind: str | None = None) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for column in ("kind", "id", "title"):
        table.add_column(label(column, lang))
    for k, entries in kb.entry_kinds():
        if kind not in (None, k):
            continue
        for entry_id, entry in entries.items():
            table.add_row(label(k, lang), entry_id, _one_line(entry_title(k, entry), lang))
    return table


def entry_view(kind: str, entry: Any, kb: KnowledgeBase, lang: str,
               framework: str | None = None) -> RenderableType:
    """One entry, readable: headings, paragraphs, numbered checks and fixes, code."""
    parts: list[RenderableType] = [
        Rule(f"{label(kind, lang)} · {entry.id}", align="left", style="dim"),
        Paragraph(entry_title(kind, entry).pick(lang), style="bold"),
    ]
    parts += _SECTIONS[kind](entry, kb, lang, framework)
    return Group(*parts)


def _cause(c, kb: KnowledgeBase, lang: str, framework: str | None) -> list[RenderableType]:
    out = [*_para("summary", c.summary, lang), *_para("mechanism", c.mechanism, lang),
           *_para("curve", c.curve, lang)]
    out += _bullets("symptoms", [_ref(kb.symptoms, s, "symptom", lang) for s in c.symptoms], lang)
    out.append(_heading("confirm", lang))
    for n, check in enumerate(c.confirm, 1):
        out.append(_indent(Paragraph(RichText.assemble(f"{n}. ", check.check.pick(lang)))))
        out.append(_indent(Paragraph(RichText.assemble((f"{label('expect', lang)}: ", "italic"),
                                                       check.expect.pick(lang))), 2))
    out.append(_heading("fixes", lang))
    for n, fix in enumerate(c.fixes, 1):
        out.append(_indent(Paragraph(f"{n}. {fix.title.pick(lang)}", style="bold")))
        if fix.when:
            out.append(_indent(Paragraph(RichText.assemble((f"{label('when', lang)}: ", "italic"),
                                                           fix.when.pick(lang))), 2))
        out.append(_indent(Paragraph(fix.how.pick(lang)), 2))
        out += [_indent(block, 2) for block in code_blocks(fix.code, lang, framework)]
    out += _bullets("related", [_ref(kb.causes, r, "cause", lang) for r in c.related], lang)
    out += _bullets("terms", [_ref(kb.terms, t, "term", lang) for t in c.terms], lang)
    out += _bullets("sources", c.sources, lang)
    return out


def _symptom(s, kb: KnowledgeBase, lang: str, framework: str | None) -> list[RenderableType]:
    phrases = {"zh": s.phrases.zh, "en": s.phrases.en}.get(lang, s.phrases.all())
    causes = [_ref(kb.causes, c.id, "cause", lang) for c in kb.causes.values() if s.id in c.symptoms]
    return [*_para("description", s.description, lang),
            *_bullets("phrases", [", ".join(phrases[:12])], lang),
            *_bullets("related", causes, lang)]


def _myth(m, kb: KnowledgeBase, lang: str, framework: str | None) -> list[RenderableType]:
    return [*_para("correction", m.correction, lang), *_para("why", m.why, lang),
            *_bullets("related", [_ref(kb.causes, c, "cause", lang) for c in m.causes], lang),
            *_bullets("sources", m.sources, lang)]


def _playbook(p, kb: KnowledgeBase, lang: str, framework: str | None) -> list[RenderableType]:
    out = [*_para("summary", p.summary, lang), _heading("steps", lang)]
    for n, step in enumerate(p.steps, 1):
        out.append(_indent(Paragraph(f"{n}. {step.title.pick(lang)}", style="bold")))
        out.append(_indent(Paragraph(RichText.assemble((f"{label('when', lang)}: ", "italic"),
                                                       step.when.pick(lang))), 2))
        out.append(_indent(Paragraph(step.action.pick(lang)), 2))
        out += [_indent(block, 2) for block in code_blocks(step.code, lang, framework)]
    out += _bullets("related", [_ref(kb.causes, c, "cause", lang) for c in p.causes], lang)
    return out + _bullets("sources", p.sources, lang)


def _term(t, kb: KnowledgeBase, lang: str, framework: str | None) -> list[RenderableType]:
    aliases = []
    if t.aliases:
        aliases = {"zh": t.aliases.zh, "en": t.aliases.en}.get(lang, t.aliases.all())
    see = [_ref(kb.terms, s, "term", lang) if s in kb.terms else _ref(kb.causes, s, "cause", lang)
           for s in t.see]
    return [*_para("definition", t.definition, lang),
            *_bullets("aliases", [", ".join(aliases)] if aliases else [], lang),
            *_bullets("see", see, lang)]


_SECTIONS = {"cause": _cause, "symptom": _symptom, "myth": _myth, "playbook": _playbook,
             "term": _term}


def code_blocks(code: Code | None, lang: str, framework: str | None = None) -> list[RenderableType]:
    """Syntax-highlighted snippets, the user's framework only when one is given."""
    if code is None:
        return []
    from pygments.lexers.python import PythonLexer  # direct: lookup by name scans plugins (~70 ms)
    from rich.syntax import Syntax  # pygments is slow to import; only pay for it with code

    blocks: list[RenderableType] = []
    for fw, snippet in code.items():
        if framework and fw != framework:
            continue
        blocks.append(Paragraph(label(fw, lang), style="dim"))
        # wrapped, not cropped: a cut-off line of code would be copied wrong
        blocks.append(Syntax(snippet.rstrip(), PythonLexer(), theme="ansi_dark", background_color="default",
                             word_wrap=True))
    return blocks


def _heading(key: str, lang: str) -> Paragraph:
    return Paragraph(f"\n{label(key, lang)}", style="bold cyan")


def _para(key: str, text: Text, lang: str) -> list[RenderableType]:
    return [_heading(key, lang), _indent(Paragraph(text.pick(lang)))]


def _bullets(key: str, items: list[str], lang: str) -> list[RenderableType]:
    if not items:
        return []
    return [_heading(key, lang), *(_indent(Paragraph(f"• {item}")) for item in items)]


def _ref(entries: dict, entry_id: str, kind: str, lang: str) -> str:
    entry = entries.get(entry_id)
    return f"{_one_line(entry_title(kind, entry), lang)} ({entry_id})" if entry else entry_id


def _one_line(text: Text, lang: str) -> str:
    return text.pick(lang).replace("\n", " / ")


def _indent(renderable: RenderableType, level: int = 1) -> Padding:
    return Padding(renderable, (0, 0, 0, 2 * level))
