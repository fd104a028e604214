"""The pure rules of the guide's steps, one module per step named as the step is everywhere else
(store/, the screens, the handouts): brainstorm, systematisation, action_plan, working_group, wishes,
trials; and suggest, step 4b's proposed themes and duplicates, kept apart from systematisation because
it loads a stemmer. Plain functions on plain values: no database, no UI, tested on their own.

General helpers that serve several steps stay beside the package, not in it: domain (validation, dates),
deadlines (Danish deadline phrases, typed in the action plan and the review), timebox (any step's countdown).
"""
