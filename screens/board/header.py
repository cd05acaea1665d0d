"""The board's header: the iteration, its days left, points and burndown, as rich Text."""

from __future__ import annotations

from pendulum import Date
from rich.text import Text

from ritual.iteration import (
    Card,
    Iteration,
    burndown,
    committed_points,
    done_points,
    ideal_line,
    sparkline,
)
from ritual.text import one_line


def iteration_header(
    iteration: Iteration | None, cards: list[Card], today: Date, timezone: str
) -> Text:
    if iteration is None:
        return Text.assemble(
            ("No current iteration", "bold"),
            " · the Backlog column holds the product backlog · press ",
            ("i", "bold"),
            " to start an iteration",
        )
    mine = [c for c in cards if c.iteration_id == iteration.id]
    committed, done = committed_points(mine), done_points(mine)
    days = iteration.days_left(today)
    first = Text.assemble(
        (one_line(iteration.name), "bold"),
        ("  " + one_line(iteration.goal), "italic") if iteration.goal else "",
    )
    first.no_wrap, first.overflow = True, "ellipsis"
    capacity = f" (capacity {iteration.capacity})" if iteration.capacity is not None else ""
    over = iteration.capacity is not None and committed > iteration.capacity
    second = Text.assemble(
        (f"{days} day{'s' if days != 1 else ''} left", "bold" if days > 2 else "bold red"),
        f" · {iteration.start}…{iteration.end} · ",
        (f"{done}/{committed} pts done", "bold green" if committed and done == committed else ""),
        (capacity, "bold red" if over else "dim"),
    )
    days_data = burndown(iteration, mine, today, timezone)
    actual = sparkline([left for _, left, _ in days_data], committed)
    ideal = sparkline(ideal_line(days_data), committed)
    remaining = next((left for _, left, _ in reversed(days_data) if left is not None), committed)
    third = Text.assemble(
        "burndown ",
        (actual, "bold cyan"),
        f" {remaining} left · ideal ",
        (ideal, "dim"),
    )
    for line in (second, third):
        line.no_wrap, line.overflow = True, "ellipsis"
    return Text("\n").join([first, second, third])
