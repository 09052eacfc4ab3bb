"""The PySide6 GUI: the only layer that imports Qt."""
