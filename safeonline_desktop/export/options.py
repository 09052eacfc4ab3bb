"""Choices that change how a pack looks, not what it says."""

from __future__ import annotations

from dataclasses import dataclass

PAPER_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class PackOptions:
    paper: str = "A4"  # "A4" or "Letter": the PDF page and the workbook's print set-up
    confidential: bool = False  # "Confidential" on the cover, every page header and every printed sheet

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            raise ValueError(f"Unknown paper size {self.paper!r}")
