"""Streamlit pages: thin views over the core functions (the only package that imports streamlit)."""
