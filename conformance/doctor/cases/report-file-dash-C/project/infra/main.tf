# The infrastructure the runbook checks.
