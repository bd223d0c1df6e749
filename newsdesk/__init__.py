"""Editorial command line and build driver of the Hanoi Convention site."""
