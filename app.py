"""qualcode's Streamlit app: `streamlit run app.py` (or `qualcode serve`)."""

from qualcode.ui.app import main

main()
