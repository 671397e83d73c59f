"""The bundled default document, shipped inside the package so the app runs on it out of the box."""

from importlib.resources import files
from pathlib import Path

BUNDLED_NAME = "iij_1q_fy2009_results.txt"


def bundled_document() -> Path:
    """Path of IIJ's 1Q FY2009 consolidated results deck (text extraction of the slides)."""
    return Path(str(files(__name__) / BUNDLED_NAME))
