"""Spain: DNI and NIE numbers."""
