"""The Netherlands: postcodes."""
