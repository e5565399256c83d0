"""The exceptions taskgen raises on caller mistakes.

Each class says when it is raised and subclasses the built-in it resembles, so that
``except ValueError`` / ``except KeyError`` keep working for callers who do not import taskgen.
"""

from __future__ import annotations


class TaskgenError(Exception):
    """Base class of every error taskgen raises on purpose."""


class RegistrationError(TaskgenError, TypeError):
    """Raised when a family is registered with a bad name, base class or knobs model."""


class UnknownFamilyError(TaskgenError, KeyError):
    """Raised when a family name is not in the registry; the message suggests the nearest."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class InvalidParamsError(TaskgenError, ValueError):
    """Raised when a difficulty, seed or knob is out of range or unknown."""


class InvalidTaskError(TaskgenError, ValueError):
    """Raised when a task record (object, dict, JSON or file) is malformed; says which field."""


class DimacsError(TaskgenError, ValueError):
    """Raised when DIMACS CNF text cannot be parsed."""


class UnsatisfiableError(TaskgenError, ValueError):
    """Raised when an imported formula has no satisfying assignment, so it has no gold answer."""
