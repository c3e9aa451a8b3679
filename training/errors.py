"""The one base class of errors that are the user's to fix (a bad option, a missing run or dataset, a worse model):
the CLI prints them on one line and exits with code 2. Anything else is a bug and keeps its traceback."""


class UserError(ValueError):
    pass


class MissingFileError(UserError, FileNotFoundError):
    """A file an earlier stage should have written is not there; the message names the command that writes it."""
