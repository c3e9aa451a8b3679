"""The one base class of errors that are the user's to fix (a bad option, a missing run or dataset, a worse model):
the CLI prints them on one line and exits with code 2. Anything else is a bug and keeps its traceback."""
from __future__ import annotations

import contextlib
import pickle
import re
import zipfile
from pathlib import Path


class UserError(ValueError):
    pass


class MissingFileError(UserError, FileNotFoundError):
    """A file an earlier stage should have written is not there; the message names the command that writes it."""


class CorruptFileError(UserError):
    """A file given to a stage (a checkpoint, carry file, snapshot, model folder file, the feature weights) is
    truncated, corrupt or not what it should be. The message names the file; nothing was written because of it."""


# What parsing a damaged file raises: json's, pickle's, zipfile's and torch's errors (torch reports a broken archive
# as a RuntimeError), a wrong type or a missing key where a structure was expected, a short buffer in numpy.
PARSE_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError, AttributeError, RuntimeError,
                pickle.UnpicklingError, zipfile.BadZipFile)


_SIZE_MISMATCH = re.compile(r"size mismatch for (\S+): copying a param with shape torch\.Size\((\[.*?\])\) from "
                            r"checkpoint, the shape in current model is torch\.Size\((\[.*?\])\)")


def reason(e: BaseException) -> str:
    """An exception as a short phrase for a one-line message: its last line, at most 120 characters."""
    lines = [line.strip() for line in str(e).splitlines() if line.strip()]
    text = lines[-1] if lines else ""
    if m := _SIZE_MISMATCH.search(text):         # load_state_dict's wording, shortened to the facts
        text = f"{m[1]} is {m[2]}, the network's is {m[3]}"
    if m := re.search(r"WeightsUnpickler error: ([^\n]+)", str(e)):    # torch.load(weights_only=True)'s own reason
        text = m[1].strip()
    if isinstance(e, KeyError):
        text = f"no {text} entry"
    text = text or type(e).__name__
    return text if len(text) <= 120 else text[:117] + "..."


@contextlib.contextmanager
def reading(path: str | Path, what: str = "file"):
    """Parse `path` inside this block: any parse error becomes one CorruptFileError line naming the file. UserErrors
    raised inside (which already say what is wrong) pass through."""
    try:
        yield
    except UserError:
        raise
    except PARSE_ERRORS as e:
        path = Path(path)
        if path.is_file() and path.stat().st_size == 0:
            raise CorruptFileError(f"{path} is empty") from None
        raise CorruptFileError(f"{path} is truncated or corrupt ({what}: {reason(e)})") from None
