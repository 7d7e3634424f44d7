"""Entry script for `qualcode serve` (the repository's app.py does the same)."""

from qualcode.ui.app import main

main()
