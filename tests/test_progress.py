"""Progress: events as components finish; a terminal line only on terminals."""

from __future__ import annotations

import io

from matching import solve
from matching.cli.progress import TerminalProgress
from matching.events import ProgressEvent
from matching.synthetic.examples import example_day
from matching.synthetic.generate import generate_day
from models import Problem


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_events_follow_the_components():
    events: list[ProgressEvent] = []
    plan = solve(Problem.from_data(generate_day("demo", 1)), progress=events.append)
    finished = [event for event in events if not event.stage]
    assert [event.done for event in finished] == list(range(1, finished[-1].total + 1))
    assert 1 <= finished[-1].total <= plan.stats.components
    assert finished[-1].coverage == plan.objective["coverage"].value
    assert finished[-1].bound == plan.objective["coverage"].bound
    assert any("coverage tier proven" in event.stage for event in events)


def test_terminal_line_is_drawn_and_cleared():
    stream = _Terminal()
    solve(example_day(), progress=TerminalProgress(stream))
    text = stream.getvalue()
    assert "solving:" in text and "parts done" in text
    assert text.endswith("\r")  # the line is wiped when the solve ends


def test_quiet_when_not_a_terminal():
    stream = io.StringIO()
    solve(example_day(), progress=TerminalProgress(stream))
    assert stream.getvalue() == ""
