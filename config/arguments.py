"""Command-line numbers read as an operator means them: `--keep -2` or `--chunk-size 0` is a typo, refused
by argparse with one line naming the option ("argument --keep: … at least 0"), never a value that quietly
deletes backups or empties the search index."""

import argparse


def whole_number(minimum: int):
    """An argparse `type`: a whole number of at least `minimum`."""

    def read(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{number} is too small: at least {minimum}")
        return number

    return read


def seconds(minimum: float):
    """An argparse `type`: a number of seconds above `minimum` (intervals, ages)."""

    def read(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not number > minimum or number == float("inf"):
            raise argparse.ArgumentTypeError(f"{text} is not a number of seconds above {minimum:g}")
        return number

    return read
