"""The bundled example day: 沙坪街道 (Shaping street), Heshan, on a June morning.

Four communities (桂林, 中山, 新环, 越塘), city departments, two resident units
whose party members report to the communities where they live, volunteer
building leaders, a handrail for the public-rental housing of 桂林社区 and
petitions that need a lead unit the same day. ``sanhu solve`` plans it when no
day file is given.
"""

from __future__ import annotations

import json
import warnings
from importlib import resources

from models import Problem, UnknownSkillWarning

__all__ = ["EXAMPLE_DAY", "example_day", "example_data"]

EXAMPLE_DAY = "shaping-day.json"


def example_data() -> dict:
    """The example day as parsed JSON."""
    return json.loads(resources.files(__package__).joinpath(EXAMPLE_DAY).read_text(encoding="utf-8"))


def example_day() -> Problem:
    """The example day as a validated ``Problem``."""
    with warnings.catch_warnings():
        # The example keeps one need ('法律咨询') whose skill nobody has, on purpose.
        warnings.simplefilter("ignore", UnknownSkillWarning)
        return Problem.from_data(example_data())
