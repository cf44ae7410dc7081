"""The Qt window. The only layer that imports PySide6."""
