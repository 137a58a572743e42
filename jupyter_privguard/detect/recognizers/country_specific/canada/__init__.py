"""Canada: postal codes."""
