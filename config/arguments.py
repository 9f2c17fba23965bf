"""Command-line numbers read as an operator means them: `--keep -2` or `--chunk-size 0` is a typo, refused
by argparse with one line naming the option ("argument --keep: … at least 0"), never a value that quietly
deletes backups or empties the search index."""

import argparse
import math


def whole_number(minimum: int):
    """An argparse `type`: a whole number of at least `minimum`."""
    return _number(int, "a whole number", lambda number: number >= minimum, f"at least {minimum}")


def seconds(minimum: float):
    """An argparse `type`: a number of seconds above `minimum` (intervals, ages)."""
    return _number(
        float,
        "a number of seconds",
        lambda number: math.isfinite(number) and number > minimum,
        f"above {minimum:g}",
    )


def _number(kind, name: str, fits, bound: str):
    def read(text: str):
        try:
            number = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {name}") from None
        if not fits(number):
            raise argparse.ArgumentTypeError(f"{text} is not {name} {bound}")
        return number

    return read
