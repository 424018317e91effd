# The tools the runbooks use, on the PATH of every login shell.
PATH="/srv/ops/tools/bin:$PATH"
