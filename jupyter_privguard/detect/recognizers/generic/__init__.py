"""Recognisers that find shapes used everywhere: emails, phone numbers, cards, dates, addresses ..."""
