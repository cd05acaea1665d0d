"""One board column: an OptionList of cards (never a widget per card), kept on its card."""

from __future__ import annotations

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ritual.i18n import N_, _
from ritual.iteration import Card, Column
from ritual.text import one_line
from screens.board.labels import SHORT_DATE, show_date

PRIORITY_STYLES = {"P0": "bold red", "P1": "bold dark_orange", "P2": "", "P3": "dim"}
BLOCKED = "⛔"
CHANGED = "Δ"  # changed since approved, as on the review's agenda
CARD_LINES = 2  # a card is two lines and a rule (three when its title needs two lines)


def option_id(card_id: int) -> str:
    return f"card-{card_id}"


def card_id_of(option_id_: str | None) -> int | None:
    if option_id_ and option_id_.startswith("card-"):
        return int(option_id_[5:])
    return None


def title_text(card: Card) -> Text:
    title = Text(one_line(card.title))
    if card.conflicts:
        title = Text.assemble(("!", "bold magenta"), " ", title)
    return title


def title_lines(card: Card, width: int) -> int:
    """1, or 2 when the title does not fit ``width`` cells (a narrow column at 80x24): the
    list counts lines from this, without building any card's prompt."""
    if width <= 0:
        return 1
    title, marker = card.title, 2 if card.conflicts else 0
    if title.isascii() and title.isprintable():  # most titles: a cell a character
        return 2 if len(title.strip()) + marker > width else 1
    # title_text(card).cell_len, without building a Text for each of 2,000 cards at start
    cells = cell_len(strip_control_codes(one_line(title))) + marker
    return 2 if cells > width else 1


def split_title(title: Text, width: int) -> list[Text]:
    """A title too long for ``width`` cells: cut at the last space that fits (else at ``width``),
    or right at ``width`` between Chinese (double-width) characters, which need no space to
    break; the second line ends with an ellipsis if it is still too long."""
    plain = title.plain
    fits = cells = 0  # how many characters fit in ``width`` cells
    for ch in plain:
        cells += cell_len(ch)
        if cells > width:
            break
        fits += 1
    cut = plain.rfind(" ", 0, fits + 1)
    wide = 0 < fits < len(plain) and (cell_len(plain[fits]) > 1 or cell_len(plain[fits - 1]) > 1)
    if cut <= 0 or wide:
        cut = max(1, fits)
    first, rest = title[:cut], title[cut:]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
    return [first, rest]


def card_prompt(card: Card, width: int = 0, changed: bool = False) -> Text:
    """Two lines, "#42 P1 3pt ⛔ Δ Maya" / the title, or three when the title does not fit
    ``width`` (0: never); user text stays plain text. ``changed``: the requirement the card
    was made from changed since the review approved it (Δ)."""
    head = Text.assemble(
        (f"#{card.id} ", "bold"),
        (card.priority, PRIORITY_STYLES.get(card.priority, "")),
        " " + _("{n}pt").format(n=card.points) if card.points is not None else "",
        (f" {BLOCKED}", "bold red") if card.blocked else "",
        (f" {CHANGED}", "bold yellow") if changed else "",
    )
    if card.assignee:
        head.append(" " + one_line(card.assignee), "italic cyan")
    if card.blocked and card.blocked_reason:
        head.append(" " + one_line(card.blocked_reason), "red")
    if card.due:
        head.append(" " + _("due {date}").format(date=show_date(card.due, SHORT_DATE)), "yellow")
    for label in card.labels[:3]:
        head.append(" #" + one_line(label), "magenta")
    title = title_text(card)
    lines = split_title(title, width) if title_lines(card, width) == 2 else [title]
    prompt = Text("\n").join([head, *lines])
    prompt.no_wrap = True
    prompt.overflow = "ellipsis"
    return prompt


class LazyPrompt:
    """A card's two lines, built only when the list first paints it: a column of 2,000
    cards renders the dozen on screen, not all of them."""

    __slots__ = ("card", "owner", "changed")

    def __init__(self, card: Card, owner: CardList, changed: bool = False) -> None:
        self.card, self.owner, self.changed = card, owner, changed

    def visualize(self) -> Visual:
        return Content.from_rich_text(card_prompt(self.card, self.owner.title_width, self.changed))


class CardList(OptionList):
    """A column's cards. Reloading replaces only a column whose cards changed, and keeps the
    highlight on the same card (by option id "card-42")."""

    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False, id="card-down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="card-up"),
    ]

    def action_cursor_down(self) -> None:
        """Down stops at the last card: a list never wraps round to its first."""
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def __init__(self, column: Column, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.column = column
        self.signature: tuple = ()
        self.cards: list[Card] = []
        self._option_cache: dict[tuple, Option] = {}  # reused while a card is unchanged
        self._prompt_width = 0  # the width the cards' prompts were built for

    @property
    def title_width(self) -> int:
        """Cells a title line has: the list's content width less the option's padding."""
        region = self.scrollable_content_region
        if not region:
            return 0
        padding = self.get_component_styles("option-list--option").padding
        return max(0, region.width - self._get_left_gutter_width() - padding.width)

    def _on_resize(self) -> None:
        """A new width may split titles differently: prompts are built again when painted."""
        width = self.title_width
        if width != self._prompt_width:
            self._prompt_width = width
            for option in self._options:
                option._visual = None
        super()._on_resize()

    @property
    def card(self) -> Card | None:
        """The highlighted card."""
        if self.highlighted is None or not self.cards:
            return None
        return self.cards[self.highlighted]

    def show(self, cards: list[Card], changed: frozenset[str] = frozenset()) -> bool:
        """Show these cards (already filtered and ordered), those whose ``source_key`` is in
        ``changed`` marked changed since approved; False when nothing changed."""
        signature = tuple((c.id, c.rev, c.updated_at, c.source_key in changed) for c in cards)
        if signature == self.signature:
            return False
        keep = card_id_of(self.highlighted_option.id) if self.highlighted_option else None
        old_index = self.highlighted
        row = None  # where the highlighted card sits in the viewport, to keep it there
        if old_index is not None and old_index in self._line_cache.index_to_line:
            row = self._line_cache.index_to_line[old_index] - round(self.scroll_y)
        self.signature, self.cards = signature, cards
        cache, fresh = self._option_cache, {}
        options: list[Option | None] = []
        for c in cards:
            flag = c.source_key in changed
            key = (c.id, c.rev, c.updated_at, flag)
            option = cache.get(key)
            if option is None:
                option = Option(LazyPrompt(c, self, flag), id=option_id(c.id))  # type: ignore[arg-type]
            fresh[key] = option
            options += [option, None]
        self._option_cache = fresh
        self.set_options(options)
        if cards:
            self.highlighted = self.index_of(keep) if keep is not None else None
            if self.highlighted is None:
                self.highlighted = min(old_index or 0, len(cards) - 1)
            if row is not None and self.highlighted in self._index_to_line:
                line = self._index_to_line[self.highlighted]
                self.scroll_to(y=max(0, line - row), animate=False, immediate=True, force=True)
        return True

    def index_of(self, card_id: int) -> int | None:
        try:
            return self.get_option_index(option_id(card_id))
        except Exception:
            return None

    def _update_lines(self) -> None:
        """OptionList's own, minus its two costs at 2,000 cards: every card is CARD_LINES tall
        (plus one when its title takes two lines) plus its rule, so no prompt is built; and a
        new virtual size re-lays out only this list (its size never depends on its content),
        not the whole screen."""
        cache = self._line_cache
        if cache.heights and len(cache.heights) == len(self.options):
            return  # asked on every painted line: nothing new since the last time
        if not self.scrollable_content_region:
            return
        start = cache.lines[-1][0] + 1 if cache.lines else 0
        title_width, cards, options = self.title_width, self.cards, self.options
        lines, heights, index_to_line = cache.lines, cache.heights, cache.index_to_line
        for index in range(start, len(options)):
            extra = title_lines(cards[index], title_width) - 1 if index < len(cards) else 0
            height = CARD_LINES + extra + options[index]._divider
            index_to_line[index] = len(lines)
            heights[index] = height
            lines += [(index, line) for line in range(height)]
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        last_divider = bool(self.options) and self.options[-1]._divider
        virtual_size = Size(width, len(cache.lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.set_reactive(CardList.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()
