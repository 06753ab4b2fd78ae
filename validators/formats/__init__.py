"""Record formats copiste reads and writes, each in its own module with its reader and writer.

- `marcxml`: MARCXML slim and its cousins (MarcXchange, SRU envelopes, BNCF unimarcslim,
  RUSMARC slim): one document, element to record, the safe parser, the writer;
  `xmlstream` streams whole dumps and resumes after a malformed record.
- `iso2709`: the binary exchange format (.mrc), UTF-8.
- `mrk`: MarcEdit's mnemonic text, the line syntax models write.
- `marcjson`: MARC-in-JSON.
- `sniff`: which of them an input holds; `base`: what their readers share.

A new format is a module here with `read_stream(head, stream, budget, max_record_bytes)` and a
writer, a sign in `sniff`, and a line in `validators.readers` and `copiste convert`.
"""
