"""Cataloguers in the loop: a queue of records, their verdicts in SQLite, the page they use.

`store` keeps items and verdicts (`DATA_DIR/reviews.sqlite`), `items` turns runs, job results
and `copiste catalogue` output into items and re-checks an edited record, `export` writes the
verdicts as the training half reads them, `cli` is `copiste review`, and `static/` is the page
served at `/review` (its API is `server/routes/review.py`).
"""
