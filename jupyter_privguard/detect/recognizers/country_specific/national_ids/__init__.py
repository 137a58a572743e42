"""National identity and tax numbers with check digits, country by country (see ``_checks``)."""
