"""The Streamlit user interface: widgets, session state and the live loop."""
from .app import main

__all__ = ["main"]
