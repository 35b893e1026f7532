"""Bad input to playbooks/deploy.yml is rejected before anything changes on the host.

Every such case reads the host only, so they all live in the contract suite, which runs them
against the controller in check mode without a container: tests/contract/cases/app.py
(missing SECRET_KEY, a module without an attribute, a git ref the repository lacks, a Python
the distribution does not ship, zero workers, an unknown install mode, and many more). None
needs this scenario's target.
"""
