"""One ranked cause in full: score bar, evidence (how it was concluded), fixes in order,
code tabs per framework, and the myth warning where one tempts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive

from advisor.engine.explain import how_concluded
from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import one_line, t
from advisor.tui.widgets.code_tabs import CodeTabs
from advisor.tui.widgets.prose import Prose
from advisor.tui.widgets.score import score_bar


class CauseCard(VerticalScroll):
    """Shows `cause_id` of `diagnosis`; changing `cause_id` or `lang` rebuilds it."""

    lang: reactive[str] = reactive("en", recompose=True)
    cause_id: reactive[str] = reactive("", recompose=True)

    def __init__(self, kb: KnowledgeBase, diagnosis: Diagnosis, cause_id: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kb, self.diagnosis = kb, diagnosis
        self.set_reactive(CauseCard.cause_id, cause_id)
        self._framework: str | None = None
        """The code tab the user last looked at, kept across rebuilds."""

    def watch_lang(self) -> None:
        self._remember_tab()

    def watch_cause_id(self) -> None:
        self._remember_tab()

    def _remember_tab(self) -> None:
        tabs = self.query(CodeTabs)
        if tabs:
            self._framework = tabs.first().framework

    def compose(self) -> ComposeResult:
        kb, lang = self.kb, self.lang
        ranked = next((c for c in self.diagnosis.causes if c.id == self.cause_id), None)
        if ranked is None:
            return
        cause = kb.causes[ranked.id]
        rank = self.diagnosis.causes.index(ranked) + 1
        yield Prose(Content.assemble((f"{rank}. {one_line(cause.title, lang)}", "bold"), "  ",
                                      score_bar(ranked.score, 12)), classes="card-title")
        yield Prose(cause.summary.pick(lang), classes="card-summary")
        for myth_id in self.diagnosis.myths:
            myth = kb.myths[myth_id]
            if ranked.id in myth.causes:
                colon = "：" if lang == "zh" else ": "
                yield Prose(Content.assemble((f"⚠ {t('myth', lang)}{colon}", "bold"), myth.claim.pick(lang),
                                              "\n", myth.correction.pick(lang)), classes="myth")
                break
        yield Prose(t("evidence", lang), classes="heading")
        yield Prose(_evidence(how_concluded(kb, self.diagnosis, ranked.id).pick(lang)),
                     classes="evidence")
        yield Prose(t("fixes", lang), classes="heading")
        for n, fix in enumerate(cause.fixes, 1):
            parts: list = [(f"{n}. {one_line(fix.title, lang)}", "bold")]
            if fix.when:
                parts += ["\n", (fix.when.pick(lang), "italic $text-muted")]
            parts += ["\n", fix.how.pick(lang)]
            yield Prose(Content.assemble(*parts), classes="fix")
        yield Prose(t("code", lang), classes="heading")
        tabs = CodeTabs(cause, lang, self.diagnosis.framework, self._framework, classes="code-tabs")
        if tabs.has_code:
            yield tabs
        else:
            yield Prose(t("no_code", lang), classes="note")

    def code(self) -> tuple[str | None, str]:
        """(framework, code) of the visible code tab, for copying."""
        tabs = self.query(CodeTabs)
        if not tabs:
            return None, ""
        return tabs.first().framework, tabs.first().code()

    def next_code_tab(self) -> None:
        for tabs in self.query(CodeTabs):
            tabs.next_tab()


def _evidence(text: str) -> Content:
    """how_concluded lines, the +/- weights coloured."""
    lines = []
    for line in text.splitlines():
        head = line.split(" ", 1)[0]
        if head[:1] in "+-" and head[1:2].isdigit():
            style = "$success" if head[0] == "+" else "$error"
            lines.append(Content.assemble((head, f"bold {style}"), line[len(head):]))
        else:
            lines.append(Content(line))
    return Content("\n").join(lines)
