"""Backup files hold what the shop keeps private (buyers' phone numbers and addresses, password hashes,
the buyers' photos of copied labels): they are written readable by their owner alone, whatever the umask,
in a folder only that owner may list when the backup makes it."""

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def backup_folder(directory: Path) -> Path:
    """The folder, made owner-only when it does not exist yet (an operator's own folder is left as it is)."""
    directory.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return directory


def private_file(path: Path):
    """`path` opened for writing in binary, created (or truncated) with mode 0600.

    Created with that mode rather than chmod-ed afterwards: the data is never readable by others, not even
    for the moment between writing and changing the mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # a file that was there already keeps its mode through os.open
    return os.fdopen(descriptor, "wb")
