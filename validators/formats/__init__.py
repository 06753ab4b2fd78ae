"""Record formats copiste reads and writes, each in its own module with its reader and writer.

`sniff` guesses which one an input holds; `validators.readers.read_records` dispatches on it.
"""
