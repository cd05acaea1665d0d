"""The minutes as they will be exported: rendered Markdown, copied to the clipboard or saved to
a file. User text was escaped by the export, so it shows as text and never becomes a link."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, Label, Markdown, Static

from ritual.errors import RitualError
from ritual.export_review import minutes_markdown
from ritual.i18n import N_, _
from ritual.limits import check_text
from screens.base import RitualScreen
from screens.dialogs import FORMS_TCSS, FormScreen
from screens.footer import FittingFooter
from screens.services import Services
from storage.review_repo import ReviewRepo


class SaveMinutesForm(FormScreen[Path]):
    """Where to save the minutes (a path on the machine running ritual)."""

    CSS_PATH = [FORMS_TCSS, "forms.tcss"]
    AUTO_FOCUS = "#path"

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form review-form"):
            yield Label(_("Save the minutes as"), classes="form-title", markup=False)
            yield Input(self.suggested, id="path", compact=True)
            yield from self.error_and_buttons(_("Save (ctrl+s)"))

    def values(self) -> Path:
        text = check_text(self.query_one("#path", Input).value, "item.link").strip()
        if not text:
            raise RitualError(_("give a file name, e.g. minutes.md."))
        path = Path(text).expanduser()
        if path.is_dir():
            raise RitualError(_("{path} is a directory: give a file name in it.").format(path=text))
        if path.exists():
            raise RitualError(
                _("{path} exists already: give another name (nothing is replaced).").format(
                    path=text
                )
            )
        if not path.parent.is_dir():
            raise RitualError(
                _("there is no directory {path}: create it first.").format(path=path.parent)
            )
        return path


class MinutesScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="minutes-back"),
        Binding("y", "copy", N_("Copy"), id="minutes-copy", tooltip=N_("Copy the Markdown")),
        Binding("S", "save", N_("Save as…"), id="minutes-save", tooltip=N_("Save the Markdown")),
        Binding(
            "d",
            "download",
            N_("Download"),
            id="minutes-download",
            tooltip=N_("The minutes as a file (a browser downloads it)"),
        ),
    ]

    def __init__(self, services: Services, review_id: int) -> None:
        super().__init__(services)
        self.repo = ReviewRepo(services.store)
        self.review_id = review_id
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            _("y copies the Markdown · S saves it · ritual export review {id}").format(
                id=self.review_id
            ),
            id="list-hint",
            markup=False,
        )
        with VerticalScroll(id="minutes-scroll"):
            yield Markdown(id="minutes-text", open_links=False)
        yield FittingFooter()

    def reload(self) -> None:
        review = self.repo.review(self.review_id)
        self.title = _("Minutes: {title}").format(title=review.title)
        text = minutes_markdown(
            review,
            self.repo.items(self.review_id),
            self.repo.actions(self.review_id),
            self.repo.timezone,
            now=self.services.clock.now(),
            carried_into=self.repo.carried_into(self.review_id),
        )
        if text != self.text:
            self.text = text
            self.query_one("#minutes-text", Markdown).update(text)

    def action_copy(self) -> None:
        """Through the terminal (OSC 52): works over SSH where the terminal allows it."""
        self.app.copy_to_clipboard(self.text)
        self.notify(_("Minutes copied (if your terminal allows apps to set the clipboard)."))

    def action_download(self) -> None:
        self.deliver(f"minutes-{self.review_id}.md", self.text)

    @work(group="dialog")
    async def action_save(self) -> None:
        path = await self.app.push_screen_wait(SaveMinutesForm(f"minutes-{self.review_id}.md"))
        if path is None:
            return
        try:
            with path.open("x", encoding="utf-8") as f:  # never replaces a file made meanwhile
                f.write(self.text)
        except OSError as exc:
            self.notify(
                _("Not saved: {reason} ({path}).").format(reason=exc.strerror or exc, path=path),
                severity="error",
                markup=False,
            )
            return
        self.notify(_("Minutes saved to {path}.").format(path=path), markup=False)
