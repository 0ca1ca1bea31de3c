"""The command-line interface. It only translates arguments and errors; the library does the work."""
