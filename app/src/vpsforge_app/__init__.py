"""vpsforge_app: the FastAPI service deployed by the vpsforge Ansible collection."""
