"""`python -m qualcode.cli` runs the command line."""

from qualcode.cli import main

main()
