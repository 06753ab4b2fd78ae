"""`copiste demo`: the whole loop on one machine, offline, with its summary and HTML report.

Its own package because it serves no HTTP: it drives the generator and distill packages the
way a user would and renders what they produced. `pipeline` runs the stages, `report` and
`charts` render the summary, `command` is the CLI that `server.cli` registers.
"""
