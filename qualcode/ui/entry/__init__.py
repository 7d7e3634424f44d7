"""Holds only the script Streamlit runs, so nothing in its folder can shadow another module."""
