"""Poland: postcodes."""
