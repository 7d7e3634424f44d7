"""Inter-rater agreement: units -> reliability data -> coefficients -> reports (reads codings, never writes)."""
