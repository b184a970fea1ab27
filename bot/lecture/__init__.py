"""Reading data files for editors: YAML with line numbers, problems, French validation messages."""
