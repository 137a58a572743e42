"""Brazil: postal codes (CEP) and CPF numbers."""
