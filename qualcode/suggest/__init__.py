"""Code suggestions learnt from a project's own codings, computed on this machine, measured as a coder."""
