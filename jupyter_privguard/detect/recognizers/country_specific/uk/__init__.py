"""United Kingdom: NHS numbers, postcodes."""
