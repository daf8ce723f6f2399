"""/reconcile/: the W3C Entity Reconciliation API (version 0.2, as OpenRefine 3.x speaks it), so that a
researcher can match a spreadsheet's column of names — cities, networks, bodies, initiatives — against citydip.

`kinds` says what a reconciliation type is here and how a record is named and described; `queries` reads and
checks a query batch; `matching` finds and scores the candidates of a whole batch in a fixed number of queries;
`views` answers the manifest, the queries, the previews and the suggestions, as JSON or JSONP, to any origin.
"""
