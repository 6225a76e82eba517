.PHONY: run test bench
run:   ## set up, load the bundled data, detect, print the summary, serve the web app
	bash scripts/run.sh
test:  ## set up and run every test (PostgreSQL started for them)
	bash scripts/test.sh
bench: ## benchmarks (see bench/README.md)
	bash scripts/setup.sh && .venv/bin/python bench/bulk_load.py
