"""The findings beside the chart: numbered like the chart's event lines, in both languages."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive

from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase
from advisor.render.diagnosis_json import finding_message
from advisor.tui.i18n import one_line, t
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList


def numbered(findings: list[Finding]) -> list[tuple[int | None, Finding]]:
    """Findings with a step get 1, 2, 3 ... (the chart's labels); run-level ones get None."""
    out, n = [], 0
    for finding in findings:
        if finding.step is not None:
            n += 1
            out.append((n, finding))
        else:
            out.append((None, finding))
    return out


class FindingsList(WrappedOptionList):
    """One option per finding; highlighting one posts OptionHighlighted (the chart marks it)."""

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._kb: KnowledgeBase | None = None
        self._findings: list[Finding] = []

    def set_findings(self, kb: KnowledgeBase, findings: list[Finding]) -> None:
        self._kb, self._findings = kb, findings
        self._fill()

    def watch_lang(self) -> None:
        self._fill()

    def _fill(self) -> None:
        if self._kb is None:
            return
        if not self._findings:
            self.set_items([Item(Content.styled(t("no_findings", self.lang), "italic"),
                                 disabled=True)])
            return
        self.set_items([Item(self._prompt(number, finding), id=f"finding-{number or 0}")
                        for number, finding in numbered(self._findings)])

    def _prompt(self, number: int | None, finding: Finding) -> Content:
        info = self._kb.findings.get(finding.id)
        healthy = bool(info and info.healthy)
        title = one_line(info.title, self.lang) if info else finding.id
        mark = "✓" if healthy else "▲"
        parts: list = [(f"{number if number is not None else '·'} ", "bold"),
                       (f"{mark} ", "$success" if healthy else "$warning"), (title, "bold")]
        if finding.step is not None:
            parts.append((f"  @{finding.step:,}", "$text-muted"))
        message = finding_message(self._kb, finding)
        if message is not None:
            parts.append("\n" + message.pick(self.lang))
        return Content.assemble(*parts)
