"""Streamlit entry point: `streamlit run app.py`."""
from playground.ui import main

main()
