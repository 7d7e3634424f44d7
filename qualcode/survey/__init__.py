"""Surveys that generalise interview findings: instruments, responses, results, exports, Qualtrics import."""
