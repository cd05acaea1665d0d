"""The ritual app: a mode per ritual over one shared file, kept live by a file watcher."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.widgets import Static

from ritual.i18n import N_, _
from ritual.rituals import RITUALS
from ritual.text import one_line
from screens.messages import StoreChanged
from screens.palette import binding_commands
from screens.registry import screen_factory
from screens.safe import TERMINAL_SAFE
from screens.services import Services
from screens.stylesheet import RitualStylesheet
from storage.errors import FileUnavailable, StoreError

WATCH_INTERVAL = 0.1  # seconds between two stat() calls on the team file
MODES = ("home", *(r.mode for r in RITUALS))

# Textual's own texts ritual shows: its palette commands and its palette key, translated where
# shown (listed here for the catalog).
TEXTUAL_TEXTS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Open the command palette"),
)
# The footer's "^p palette" stays in English: a double-width label there is cut in half by the
# keys that overflow under it on a full footer (Textual draws their edges through it).


class FileBanner(Static):
    """Docked on top of whatever screen is current while the team file is unavailable."""

    DEFAULT_CSS = """
    FileBanner {
        dock: top;
        height: auto;
        background: $error;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """


class RitualApp(App[None]):
    TITLE = "ritual"  # i18n: literal (the program's name)
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", tooltip=N_("Leave ritual"), priority=True),
        # One help for every screen (screens/help.py). Hidden here: screens that show it in
        # their footer declare the same binding with show=True.
        Binding("question_mark", "help", N_("Keys"), key_display="?", id="help", show=False),
    ]

    def __init__(
        self,
        services: Services,
        mode: str = "home",
        on_first_frame: Callable[[], None] | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        # Textual composes this mode's screen first: no blank default screen to switch away
        # from at start (that switch re-parsed every stylesheet twice, ~15 ms).
        self.DEFAULT_MODE = mode  # type: ignore[misc]  # per app on purpose: the mode asked for
        super().__init__()
        self.stylesheet = RitualStylesheet(variables=self.get_css_variables())
        self.services = services
        self.start_mode = mode
        self._on_first_frame = on_first_frame
        self.crash: Exception | None = None  # the error that ended the app, for its caller
        # The UI thread reads memory only; the watcher's worker alone looks at the disk (it
        # starts from what this store last read, so nothing changed meanwhile is missed).
        services.store.read_memory_only()
        self._watcher = services.store.watcher(self._file_changed)
        self.file_unavailable: str | None = None  # why the banner shows, or None
        self.title = "ritual"  # i18n: literal (the program's name)
        # The person's [keymap] (binding id -> keys) from their config file; see README.
        if keymap:
            self.set_keymap(dict(keymap))
        # The theme last picked (``[ui] theme`` in the config file), in place before anything
        # is styled: set once the app runs, it restyled and repainted the whole first screen
        # after its first frame, in the default theme (~140 ms later, a visible flash).
        from screens.preferences import saved_theme

        theme = saved_theme()
        if theme and theme in self.available_themes:
            self.theme = theme
        from ritual.symbols import ascii_only

        self.ascii_mode = ascii_only()  # the terminal's locale is not UTF-8: draw in ASCII
        # Each mode's screen is imported when the mode first opens: `ritual board` starts
        # without loading the stand-up's and the review's screens and widgets.
        for mode in MODES:
            self.add_mode(mode, partial(_build_screen, mode, services))

    def on_mount(self) -> None:
        if self._on_first_frame is not None:
            self.call_after_refresh(self._on_first_frame)
        self.sub_title = self._subtitle()
        self._watcher.start_polling()
        self.screen_change_signal.subscribe(self, self._place_banner)
        self.set_interval(WATCH_INTERVAL, self._watcher.check, name="watch-team-file")
        self.theme_changed_signal.subscribe(self, self._remember_theme)  # a pick is saved

    def _remember_theme(self, theme: object) -> None:
        from screens.preferences import remember_theme

        self.run_worker(partial(remember_theme, self, self.theme), thread=True, group="config")

    # Textual reports an unhandled error as a traceback with local variables on the terminal
    # (the team file's content among them). ritual keeps the error for its caller instead,
    # which logs it to a file (ritual/cli/crash.py). Both are Textual's private API:
    # tests/test_cli_exits.py fails if they stop being called.
    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self._close_messages_no_wait()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters plus the display-safety rule, last: every line of every widget
        passes here before it is written, so no screen can forget it (screens/safe.py)."""
        if self.ascii_mode:
            from screens.ascii import ASCII

            return [*super().get_line_filters(), TERMINAL_SAFE, ASCII]
        return [*super().get_line_filters(), TERMINAL_SAFE]

    def on_unmount(self) -> None:
        # Changes already made are applied before the app goes: nothing typed is dropped.
        self.services.writer.close()

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        """An export delivered (screens.base.RitualScreen.deliver): where it went."""
        text = (
            _("Downloaded to {path}.").format(path=event.path)
            if event.path is not None
            else _("Downloaded.")
        )
        self.notify(text, title=_("Download"), markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        self.notify(
            _("Not downloaded: {reason}").format(reason=event.exception),
            title=_("Download"),
            severity="error",
            markup=False,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, the rituals to switch to, and every action the screen
        has a key for (its bindings, so the palette never restates them by hand)."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # i18n: literal (Textual's help panel: ritual's `?`)
                yield command._replace(title=_(command.title), help=_(command.help))
        modes = [("home", N_("Home"), N_("The rituals and the team"))]
        modes += [(r.mode, r.title, r.palette_help) for r in RITUALS]
        for mode, title, help_text in modes:
            if mode != self.current_mode:
                yield SystemCommand(_(title), _(help_text), partial(self.switch_mode, mode))
        from screens.preferences import language_commands

        yield from language_commands(self)
        yield from binding_commands(screen)

    def action_command_palette(self) -> None:
        """Textual's palette, its search line in the language in use."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        """Textual's theme picker, its search line in the language in use."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def use_language(self, code: str) -> None:
        """Show ritual in the language ``code`` from now on (a key of ritual.i18n.LANGUAGES),
        and save it as the person's choice (``[ui] lang``)."""
        from ritual.i18n import LANGUAGES, set_language
        from screens.preferences import remember_language

        set_language(code)
        self.run_worker(partial(remember_language, self, code), thread=True, group="config")
        self.sub_title = self._subtitle()
        self.run_worker(self._rebuild_screens(), exclusive=True, group="language")
        self.notify(_("Language: {name}").format(name=LANGUAGES[code]), markup=False)

    async def _rebuild_screens(self) -> None:
        """Every mode's screens built anew, so each text is drawn in the language now in use:
        the other modes' when next opened, the current one now (through a blank stand-in,
        since Textual cannot remove the mode in front)."""
        current = self.current_mode
        for mode in MODES:
            if mode != current:
                await self.remove_mode(mode)
                self.add_mode(mode, partial(_build_screen, mode, self.services))
        stand_in = "language-change"
        self.add_mode(stand_in, Screen)
        await self.switch_mode(stand_in)
        await self.remove_mode(current)
        self.add_mode(current, partial(_build_screen, current, self.services))
        await self.switch_mode(current)
        await self.remove_mode(stand_in)

    def action_help(self) -> None:
        """`?`: the keys of the screen in front, if it is a ritual screen."""
        help_screen = getattr(self.screen, "action_help", None)
        if help_screen is not None:
            help_screen()

    def _subtitle(self) -> str:
        team = self.services.team.team()
        ro = " · " + _("read-only") if self.services.read_only else ""
        tz = (
            " · "
            + _("⚠ time zone {zone!r} unknown: UTC").format(zone=one_line(team.unknown_timezone))
            if (team.unknown_timezone)
            else ""
        )
        return f"{one_line(team.name)} · {one_line(self.services.user)}{ro}{tz}"

    def _file_changed(self) -> None:
        self._reload_store()

    @work(thread=True, exclusive=True, group="reload")
    def _reload_store(self) -> None:
        try:
            self.services.store.refresh()
        except FileUnavailable as exc:
            self.call_from_thread(self._set_unavailable, str(exc))
            return
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._set_unavailable, None)
        self.call_from_thread(self.broadcast_change)

    def _set_unavailable(self, reason: str | None) -> None:
        """Show (or, with None, clear) the banner: on the current screen now, on any other
        screen when it becomes current."""
        if reason == self.file_unavailable:
            return
        self.file_unavailable = reason
        for screen in self.screen_stack:
            self._place_banner(screen)

    def _place_banner(self, screen: Screen) -> None:
        banners = screen.query(FileBanner)
        if self.file_unavailable is None:
            banners.remove()
            return
        text = _("⚠ {reason} Writes are refused until it is back.").format(
            reason=one_line(self.file_unavailable)
        )
        if banners:
            banners.first().update(text)
        else:
            screen.mount(FileBanner(text, markup=False))

    def broadcast_change(self) -> None:
        """Tell every screen of the current stack (a board under an open form too)."""
        self.sub_title = self._subtitle()
        for screen in self.screen_stack:
            screen.post_message(StoreChanged())


def _build_screen(mode: str, services: Services) -> Screen:
    """A mode's screen, the first time it opens (Textual calls this, then mounts it)."""
    screen = screen_factory(mode)(services)
    # Textual would read the screen's CSS file and parse every stylesheet of the app for
    # it, then parse them all again to bring the new screen up to date (refresh_css). Read
    # here, before the screen is registered, the file is parsed with the rest: one full
    # parse fewer before `ritual board`'s first frame (~6 ms), and the same rules.
    stylesheet = screen.app.stylesheet  # the running app's (Textual calls this from it)
    for path in screen.css_path:
        if not stylesheet.has_source(str(path)):
            stylesheet.read(path)
    return screen
