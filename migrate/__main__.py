"""`python -m migrate` behaves exactly like the `ingress-migrate` command."""

from migrate.cli import main

if __name__ == "__main__":
    main()
