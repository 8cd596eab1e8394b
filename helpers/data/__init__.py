"""The data stage: read, type and validate the data package (schema, validate, rowrules), trace each
figure to its source (provenance), and convert tables between polars and pandas (frames). It imports
only itself and the foundation (helpers.paths, helpers.errors, helpers.formatting)."""
