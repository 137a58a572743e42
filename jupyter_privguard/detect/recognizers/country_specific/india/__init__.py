"""India: Aadhaar numbers."""
