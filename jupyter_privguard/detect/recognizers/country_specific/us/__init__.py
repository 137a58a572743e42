"""United States: social security numbers, ITINs, ZIP codes."""
