"""Recognisers of one country's identifiers and codes, one folder per country."""
