"""Japan: postcodes."""
