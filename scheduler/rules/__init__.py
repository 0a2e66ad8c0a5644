"""One module per rule family of the data contract (section 3), named as in `models.rules`.

Each module adds its family's constraints to the model families that need them:
`aggregate` (the draw model, where only totals are known), `per_check` (a group per check) and
`standing` (teams formed for the period). The mode rule lives in `InspectionObject.mode`, the
undrawable rule in `scheduler.problem.Problem.undrawable`.
"""
