"""De-identification: find personal data, propose consistent pseudonyms, review, then apply."""
