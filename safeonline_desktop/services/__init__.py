"""Use cases shared by the GUI, the command line and scripts: one unit of work per action."""

from .bundle import Services, load_content, open_services

__all__ = ["Services", "open_services", "load_content"]
