"""CSV exports for other accounts packages: formats, streaming and the worker job."""
