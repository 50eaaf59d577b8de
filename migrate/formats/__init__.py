"""Findings as reports: each format a small pure function from findings (and a summary) to text."""
